package gotrue

import (
	"bytes"
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/libgotrue/libgotrue/bindings/go/internal/codegen"
)

const headerPath = "../../../include/gotrue.h"

// codes_gen.go must be what `go generate` makes from the current header.
func TestGeneratedCodesAreUpToDate(t *testing.T) {
	header, err := os.ReadFile(headerPath)
	if err != nil {
		t.Fatal(err)
	}
	want, err := codegen.Generate(header)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("codes_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("codes_gen.go is stale: run `go generate ./...` in bindings/go")
	}
}

// Independent of the generator: every enumerator in the header is a known code with the
// same number, the wrapper knows no extra ones, and the loaded library names each one.
func TestEveryHeaderErrorCodeIsKnown(t *testing.T) {
	header, err := os.ReadFile(headerPath)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^\s*(GOTRUE_ERROR_CODE_[A-Z0-9_]+) = (\d+),`)
	matches := re.FindAllSubmatch(header, -1)
	if len(matches) < 100 {
		t.Fatalf("found only %d error codes in the header", len(matches))
	}
	for _, m := range matches {
		n, _ := strconv.Atoi(string(m[2]))
		code := ErrorCode(n)
		info, ok := codeInfo[code]
		if !ok || info.cName != string(m[1]) {
			t.Errorf("%s = %d: wrapper has %+v", m[1], n, info)
			continue
		}
		if code == CodeOK {
			continue
		}
		if _, ok := libraryCodeName(code); !ok {
			t.Errorf("%s = %d: the loaded library does not know it", m[1], n)
		}
	}
	if len(codeInfo) != len(matches) {
		t.Errorf("wrapper knows %d codes, header has %d", len(codeInfo), len(matches))
	}
	if name, _ := libraryCodeName(CodeInvalidCredentials); name != "invalid_credentials" || CodeInvalidCredentials.String() != name {
		t.Errorf("names disagree: library %q, wrapper %q", name, CodeInvalidCredentials.String())
	}
	if _, ok := libraryCodeName(12345); ok {
		t.Error("the library named a number that is no code")
	}
}

func TestABIVersion(t *testing.T) {
	if ABIVersion() != HeaderABIVersion {
		t.Fatalf("library ABI %d, header %d", ABIVersion(), HeaderABIVersion)
	}
	if err := abiOnce(); err != nil {
		t.Fatal(err)
	}
	err := checkABI(HeaderABIVersion+1, HeaderABIVersion)
	if err == nil || !regexp.MustCompile(`ABI version \d+ .*GOTRUE_ABI_VERSION \d+`).MatchString(err.Error()) {
		t.Fatalf("mismatch not reported clearly: %v", err)
	}
	if Version() == "" {
		t.Fatal("empty library version")
	}
}
