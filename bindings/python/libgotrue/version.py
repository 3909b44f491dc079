from ._ffi_decl import VERSION as __version__  # noqa: F401  (the library version the declarations match)
