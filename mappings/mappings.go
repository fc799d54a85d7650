// Package mappings holds blogport's built-in site mappings, embedded in the
// binary: how to recognise a blog engine's pages and where a post's fields
// are on them.
package mappings

import "embed"

// FS holds the built-in *.yaml mappings.
//
//go:embed *.yaml
var FS embed.FS
