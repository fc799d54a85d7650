package post

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HTTPS://Blog.Example.com:443/a/?utm_source=x&p=1#frag", "https://blog.example.com/a/?p=1"},
		{"http://blog.example.com/post/?replytocom=5", "http://blog.example.com/post/"},
		{"https://blog.example.com/post/?share=twitter&amp=1", "https://blog.example.com/post/"},
		{"https://blog.example.com", "https://blog.example.com/"},
		{"http://blog.example.com:8080/x", "http://blog.example.com:8080/x"},
	}
	for _, tc := range tests {
		if got, _ := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLinkKeyFoldsTheFormsOfOneAddress(t *testing.T) {
	same := []string{
		"https://blog.example.com/2024/03/caf%C3%A9/",
		"http://www.blog.example.com/2024/03/café",
		"HTTPS://Blog.Example.com:443/2024/03/café/?utm_source=x#comments",
	}
	want, ok := LinkKey(same[0])
	if !ok || want != "blog.example.com/2024/03/café" {
		t.Fatalf("LinkKey(%q) = %q, %v", same[0], want, ok)
	}
	for _, u := range same[1:] {
		if got, _ := LinkKey(u); got != want {
			t.Errorf("LinkKey(%q) = %q, want %q", u, got, want)
		}
	}
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"https://blog.example.com/?p=12", "blog.example.com?p=12", true},
		{"https://blog.example.com:8080/a/", "blog.example.com:8080/a", true},
		{"/relative/path/", "", false},
		{"mailto:me@example.com", "", false},
		{"http://[::1", "", false},
	}
	for _, tc := range tests {
		if got, ok := LinkKey(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("LinkKey(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSameHostIgnoresCaseAndWWW(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"blog.example.com", "WWW.Blog.Example.com", true},
		{"blog.example.com:8080", "www.blog.example.com:8080", true},
		{"blog.example.com", "cdn.example.com", false},
		{"blog.example.com:8080", "blog.example.com", false},
	}
	for _, tc := range tests {
		if got := SameHost(tc.a, tc.b); got != tc.want {
			t.Errorf("SameHost(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}
