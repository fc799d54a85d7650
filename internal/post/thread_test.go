package post

import (
	"testing"
	"time"
)

func TestThread(t *testing.T) {
	at := func(m int) time.Time { return time.Date(2024, 1, 1, 0, m, 0, 0, time.UTC) }
	flat := []Comment{
		{ID: 3, ParentID: 1, Date: at(3)},
		{ID: 1, Date: at(1), Type: "comment"},
		{ID: 2, Date: at(2)},
		{ID: 4, ParentID: 99, Date: at(4)}, // parent not approved
		{ID: 5, ParentID: 6, Date: at(5)},  // a cycle
		{ID: 6, ParentID: 5, Date: at(6)},
	}
	tree := Thread(flat)
	count := 0
	var walk func([]Comment)
	walk = func(cs []Comment) {
		for _, c := range cs {
			count++
			walk(c.Replies)
		}
	}
	walk(tree)
	if count != len(flat) {
		t.Fatalf("tree holds %d comments, want %d", count, len(flat))
	}
	if tree[0].ID != 1 || tree[0].Type != "" || len(tree[0].Replies) != 1 || tree[0].Replies[0].ID != 3 {
		t.Errorf("first thread = %+v", tree[0])
	}
	if tree[1].ID != 2 || tree[2].ID != 4 {
		t.Errorf("roots = %d %d, want 2 4", tree[1].ID, tree[2].ID)
	}
}
