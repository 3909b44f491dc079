// Command gen writes gotrue/codes_gen.go from include/gotrue.h (run by `go generate ./...`).
package main

import (
	"flag"
	"log"
	"os"

	"github.com/libgotrue/libgotrue/bindings/go/internal/codegen"
)

func main() {
	header := flag.String("header", "../../../include/gotrue.h", "path to gotrue.h")
	out := flag.String("out", "codes_gen.go", "output file")
	flag.Parse()
	text, err := os.ReadFile(*header)
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
