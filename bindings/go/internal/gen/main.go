// Command gen writes gotrue/codes_gen.go from include/gotrue-abi.json (run by `go generate ./...`).
package main

import (
	"flag"
	"log"
	"os"

	"github.com/libgotrue/libgotrue/bindings/go/internal/codegen"
)

func main() {
	manifest := flag.String("manifest", "../../../include/gotrue-abi.json", "path to the ABI manifest")
	out := flag.String("out", "codes_gen.go", "output file")
	flag.Parse()
	text, err := os.ReadFile(*manifest)
	if err != nil {
		log.Fatal(err)
	}
	src, err := codegen.Generate(text)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}
