module github.com/libgotrue/libgotrue/bindings/go

go 1.24
