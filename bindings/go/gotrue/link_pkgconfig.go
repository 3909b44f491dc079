//go:build !gotrue_manual_link

package gotrue

// libgotrue is found through pkg-config (gotrue.pc, written by `./x install PREFIX`); point
// PKG_CONFIG_PATH at PREFIX/lib/pkgconfig when PREFIX is not a system one. To link without
// pkg-config, build with -tags gotrue_manual_link (see link_manual.go and the README).

// #cgo pkg-config: gotrue
import "C"
