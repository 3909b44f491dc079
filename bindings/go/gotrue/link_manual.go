//go:build gotrue_manual_link

package gotrue

// Built with -tags gotrue_manual_link: no pkg-config. The include and library directories
// come from the environment, e.g.
//   CGO_CFLAGS=-I/path/include CGO_LDFLAGS="-L/path/lib -Wl,-rpath,/path/lib" go build -tags gotrue_manual_link

// #cgo LDFLAGS: -lgotrue
import "C"
