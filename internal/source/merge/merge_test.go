package merge

import (
	"context"
	"iter"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/post"
)

type list []*post.Post

func (l list) Site() *post.Site   { return &post.Site{} }
func (l list) Notes() []post.Note { return nil }
func (l list) Posts(context.Context) iter.Seq2[*post.Post, error] {
	return func(yield func(*post.Post, error) bool) {
		for _, p := range l {
			if !yield(p, nil) {
				return
			}
		}
	}
}

func TestMergeMatchesOnIDGUIDAndLink(t *testing.T) {
	berlin := time.FixedZone("", 3600)
	export := list{{ID: 7, Type: "post", Status: "publish", GUID: "https://b.example/?p=7", Link: "https://b.example/lamp/",
		Title: "Lamp", Content: "raw [caption]x[/caption]", OldSlugs: []string{"old"}, Date: time.Date(2024, 3, 12, 9, 30, 0, 0, berlin)}}
	feed := list{
		{Type: "post", Status: "publish", GUID: "https://b.example/?p=7", Link: "https://www.b.example/lamp", Title: "Lamp",
			Content: "<p>rendered, longer than the raw content</p>", Rendered: true, Date: time.Date(2024, 3, 12, 8, 30, 0, 0, time.UTC),
			Categories: []post.Term{{Name: "Lamps"}}},
		{Type: "post", Status: "publish", Link: "https://b.example/other/", Title: "Other", Rendered: true},
	}
	crawl := list{{ID: 7, Type: "post", Status: "publish", Protected: true, Link: "https://b.example/lamp/"}}
	var got []*post.Post
	for p, err := range New(export, feed, crawl).Posts(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p)
	}
	if len(got) != 2 {
		t.Fatalf("got %d items, want 2", len(got))
	}
	p := got[0]
	if p.Content != "raw [caption]x[/caption]" || p.Rendered {
		t.Errorf("editor source should win over rendered HTML: %q", p.Content)
	}
	if _, off := p.Date.Zone(); off != 3600 {
		t.Errorf("date %v lost the post's own offset", p.Date)
	}
	if len(p.Categories) != 1 || len(p.OldSlugs) != 1 {
		t.Errorf("lists not merged: %+v", p)
	}
	if !p.Protected {
		t.Error("a source that saw a password lost it in the merge")
	}
}

// A day alone gives way to a time of day on the same day from the other
// source; two days alone stay a day; the first source's time otherwise.
func TestRicherDate(t *testing.T) {
	day := time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)
	timed := time.Date(2024, 3, 12, 9, 30, 0, 0, time.FixedZone("", 3600))
	other := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		a, b    post.Post
		want    time.Time
		dayOnly bool
	}{
		{"day then time", post.Post{Date: day, DayOnly: true}, post.Post{Date: timed}, timed, false},
		{"time then day", post.Post{Date: timed}, post.Post{Date: day, DayOnly: true}, timed, false},
		{"both days", post.Post{Date: day, DayOnly: true}, post.Post{Date: day, DayOnly: true}, day, true},
		{"none then day", post.Post{}, post.Post{Date: day, DayOnly: true}, day, true},
		{"day then another day's time", post.Post{Date: day, DayOnly: true}, post.Post{Date: other}, day, true},
		{"times", post.Post{Date: timed}, post.Post{Date: other}, timed, false},
	} {
		got, dayOnly := richerDate(&tc.a, &tc.b)
		if !got.Equal(tc.want) || dayOnly != tc.dayOnly {
			t.Errorf("%s: %v %v, want %v %v", tc.name, got, dayOnly, tc.want, tc.dayOnly)
		}
	}
}
