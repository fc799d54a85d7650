package post

import "sort"

// Thread arranges flat comments into a tree, oldest first at every level.
// Replies whose parent is missing (not approved, not exported) hang from
// the top level; a parent cycle never loses a comment.
func Thread(flat []Comment) []Comment {
	if len(flat) == 0 {
		return nil
	}
	flat = append([]Comment(nil), flat...)
	for i := range flat {
		if flat[i].Type == "comment" {
			flat[i].Type = ""
		}
	}
	sort.SliceStable(flat, func(i, j int) bool {
		if !flat[i].Date.Equal(flat[j].Date) {
			return flat[i].Date.Before(flat[j].Date)
		}
		return flat[i].ID < flat[j].ID
	})
	byID := map[int64]int{}
	for i, c := range flat {
		byID[c.ID] = i
	}
	children := map[int64][]int{}
	var roots []int
	for i, c := range flat {
		if _, ok := byID[c.ParentID]; ok && c.ParentID != c.ID {
			children[c.ParentID] = append(children[c.ParentID], i)
		} else {
			roots = append(roots, i)
		}
	}
	visited := make([]bool, len(flat))
	var build func(i int) Comment
	build = func(i int) Comment {
		visited[i] = true
		c := flat[i]
		for _, k := range children[c.ID] {
			if !visited[k] {
				c.Replies = append(c.Replies, build(k))
			}
		}
		return c
	}
	tree := make([]Comment, 0, len(roots))
	for _, i := range roots {
		tree = append(tree, build(i))
	}
	for i := range flat { // replies caught in a parent cycle
		if !visited[i] {
			tree = append(tree, build(i))
		}
	}
	return tree
}
