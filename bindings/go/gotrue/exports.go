package gotrue

/*
#include <stdint.h>
#include <stdlib.h>
#include "gotrue.h"
*/
import "C"

import (
	"fmt"
	"os"
	"runtime/cgo"
	"runtime/debug"
	"strings"
	"unsafe"
)

// The C ABI calls these with the cgo.Handle given as user data. A panic must not unwind
// through the library's frames, so each recovers.

//export goAuthStateChanged
func goAuthStateChanged(event C.GoTrueAuthEvent, session *C.GoTrueSession, userData unsafe.Pointer) {
	sub := cgo.Handle(uintptr(userData)).Value().(*subscription)
	sub.n.callbacks.Add(1)
	defer sub.n.callbacks.Add(-1)
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(os.Stderr, "gotrue: auth state callback panicked (recovered): %v\n%s", r, debug.Stack())
		}
	}()
	sub.fn(AuthEvent(event), copySession(session))
}

func storageOf(userData unsafe.Pointer) *storageBox {
	return cgo.Handle(uintptr(userData)).Value().(*storageBox)
}

// guardStorage runs fn as a storage callback: counted, with panics turned into failure.
func guardStorage(box *storageBox, fn func() error) (rc C.int32_t) {
	box.n.callbacks.Add(1)
	defer box.n.callbacks.Add(-1)
	defer func() {
		if r := recover(); r != nil {
			rc = 1
		}
	}()
	if err := fn(); err != nil {
		return 1
	}
	return 0
}

//export goStorageGet
func goStorageGet(userData unsafe.Pointer, key *C.char, out *C.GoTrueStorageValue) C.int32_t {
	box := storageOf(userData)
	return guardStorage(box, func() error {
		v, ok, err := box.s.Get(C.GoString(key))
		if err != nil || !ok {
			return err
		}
		if strings.IndexByte(v, 0) >= 0 {
			return fmt.Errorf("value contains a NUL byte")
		}
		cv := C.CString(v)
		defer C.free(unsafe.Pointer(cv))
		return takeError(C.gotrue_storage_value_set(out, cv))
	})
}

//export goStorageSet
func goStorageSet(userData unsafe.Pointer, key, value *C.char) C.int32_t {
	box := storageOf(userData)
	return guardStorage(box, func() error { return box.s.Set(C.GoString(key), C.GoString(value)) })
}

//export goStorageRemove
func goStorageRemove(userData unsafe.Pointer, key *C.char) C.int32_t {
	box := storageOf(userData)
	return guardStorage(box, func() error { return box.s.Remove(C.GoString(key)) })
}

// goReleaseHandle is every registration's finalizer (auth state, storage, log): the
// library calls it once, after the last callback, with the cgo.Handle it was given.
//
//export goReleaseHandle
func goReleaseHandle(userData unsafe.Pointer) {
	cgo.Handle(uintptr(userData)).Delete()
}

//export goLogLine
func goLogLine(level C.GoTrueLogLevel, line *C.char, userData unsafe.Pointer) {
	defer func() { _ = recover() }() // a panic must not unwind through the library
	cgo.Handle(uintptr(userData)).Value().(LogFunc)(LogLevel(level), C.GoString(line))
}
