package source

import (
	"testing"

	"github.com/blogport/blogport/internal/post"
)

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{"Lab Notes": "lab-notes", "  C++ / Go ": "c-go", "Café número 7": "café-número-7", "---": ""} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRepairNotesOnlyWhatChanged(t *testing.T) {
	var notes []post.Note
	if got := Repair(&notes, "x:1", "title", "Donâ€™t"); got != "Don’t" {
		t.Errorf("got %q", got)
	}
	Repair(&notes, "x:2", "content", "already fine — café")
	if len(notes) != 1 || notes[0].Where != "x:1" || notes[0].What != "repaired double-encoded UTF-8 (mojibake) in the title" {
		t.Errorf("notes = %v", notes)
	}
}
