package gotrue

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/libgotrue/libgotrue/bindings/go/internal/codegen"
)

const manifestPath = "../../../include/gotrue-abi.json"

// codes_gen.go must be what `go generate` makes from the current manifest.
func TestGeneratedCodesAreUpToDate(t *testing.T) {
	manifest, err := os.ReadFile(manifestPath)
	if err != nil {
		t.Fatal(err)
	}
	want, err := codegen.Generate(manifest)
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

// Independent of the generator: every error code of the manifest is a known code with the
// same number and name, the wrapper knows no extra ones, and the loaded library agrees.
func TestEveryErrorCodeIsKnown(t *testing.T) {
	var manifest codegen.Manifest
	text, err := os.ReadFile(manifestPath)
	if err == nil {
		err = json.Unmarshal(text, &manifest)
	}
	if err != nil {
		t.Fatal(err)
	}
	count := 0
	for _, e := range manifest.Enums {
		if e.Name != "GoTrueErrorCode" {
			continue
		}
		for _, v := range e.Variants {
			count++
			code := ErrorCode(v.Value)
			info, ok := codeInfo[code]
			if !ok || info.cName != v.Name || info.name != v.Short {
				t.Errorf("%s = %d (%s): wrapper has %+v", v.Name, v.Value, v.Short, info)
				continue
			}
			if code == CodeOK {
				continue
			}
			if name, ok := libraryCodeName(code); !ok || name != v.Short {
				t.Errorf("%s = %d: the loaded library names it %q", v.Name, v.Value, name)
			}
		}
	}
	if count < 100 {
		t.Fatalf("found only %d error codes in the manifest", count)
	}
	if len(codeInfo) != count {
		t.Errorf("wrapper knows %d codes, manifest has %d", len(codeInfo), count)
	}
	if CodeUnknown.String() != "unknown_error" || CodeServerUnknown.String() != "unknown" {
		t.Errorf("names: CodeUnknown %q, CodeServerUnknown %q", CodeUnknown.String(), CodeServerUnknown.String())
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
