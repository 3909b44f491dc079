"""Bundles libgotrue.so into the wheel and tags the wheel for this platform.

The library comes from LIBGOTRUE_BUILD_LIB, else ../../target/release/libgotrue.so (what
`cargo build --release` makes). The package has no compiled Python code, so the tag is
py3-none-<platform>: any CPython 3 on this platform can use it.
"""
import os
import sysconfig

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class BundleLibrary(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        if self.target_name != "wheel":
            return
        lib = os.environ.get("LIBGOTRUE_BUILD_LIB") or os.path.join(
            self.root, "..", "..", "target", "release", "libgotrue.so")
        lib = os.path.abspath(lib)
        if not os.path.isfile(lib):
            raise RuntimeError("libgotrue.so not found at %s: run `cargo build --release` or set LIBGOTRUE_BUILD_LIB" % lib)
        build_data["force_include"][lib] = "libgotrue/libgotrue.so"
        build_data["pure_python"] = False
        platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        build_data["tag"] = "py3-none-" + platform
