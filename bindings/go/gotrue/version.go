package gotrue

// #include "gotrue.h"
import "C"

import (
	"fmt"
	"sync"
)

// HeaderABIVersion is GOTRUE_ABI_VERSION from the header this package was compiled with.
const HeaderABIVersion = uint32(C.GOTRUE_ABI_VERSION)

// ABIVersion is the ABI version of the libgotrue loaded at run time.
func ABIVersion() uint32 { return uint32(C.gotrue_abi_version()) }

// Version is the loaded library's version string, e.g. "0.2.0".
func Version() string { return C.GoString(C.gotrue_version()) }

// The ABI check runs once, at the first NewClient or SessionFromJSON, and those return
// its error: a mismatched shared library (another libgotrue.so found through
// LD_LIBRARY_PATH, say) fails fast and clearly instead of misbehaving. Returning an error
// rather than panicking in init lets a program report it its own way.
var abiOnce = sync.OnceValue(func() error { return checkABI(ABIVersion(), HeaderABIVersion) })

func checkABI(library, header uint32) error {
	if library != header {
		return fmt.Errorf("gotrue: the loaded libgotrue has ABI version %d but this package was built against include/gotrue.h with GOTRUE_ABI_VERSION %d: rebuild against the matching header or load the matching library", library, header)
	}
	return nil
}

// libraryCodeName is gotrue_error_code_name: the library's own name for a code, and
// whether the library knows the number at all.
func libraryCodeName(c ErrorCode) (string, bool) {
	p := C.gotrue_error_code_name(C.int32_t(c))
	if p == nil {
		return "", false
	}
	return C.GoString(p), true
}
