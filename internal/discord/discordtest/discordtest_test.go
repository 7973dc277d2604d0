package discordtest

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestCheckMessageLimits(t *testing.T) {
	long := func(n int) string { return strings.Repeat("é", n) } // counted in characters, not bytes
	tests := []struct {
		name string
		body string
		ok   bool
	}{
		{"content at limit", `{"content":"` + long(2000) + `"}`, true},
		{"content over", `{"content":"` + long(2001) + `"}`, false},
		{"description at limit", `{"embeds":[{"description":"` + long(4096) + `"}]}`, true},
		{"description over", `{"embeds":[{"description":"` + long(4097) + `"}]}`, false},
		{"field over", `{"embeds":[{"fields":[{"name":"a","value":"` + long(1025) + `"}]}]}`, false},
		{"empty field", `{"embeds":[{"fields":[{"name":"a","value":""}]}]}`, false},
		{"total over", `{"embeds":[{"title":"` + long(256) + `","description":"` + long(4096) + `","fields":[{"name":"a","value":"` + long(1024) + `"},{"name":"b","value":"` + long(1024) + `"}]}]}`, false},
		{"bad json", `{"content":`, false},
	}
	for _, tt := range tests {
		if err := checkMessage([]byte(tt.body)); (err == nil) != tt.ok {
			t.Errorf("%s: err = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func TestInteractionCallbackRules(t *testing.T) {
	s := New(Options{})
	defer s.Close()
	post := func(path, body string) int {
		resp, err := http.Post(s.APIURL()+path, "application/json", bytes.NewBufferString(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	patch := func(path, body string) int {
		req, _ := http.NewRequest("PATCH", s.APIURL()+path, bytes.NewBufferString(body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	i := s.SlashCommand("ask", "1", "2", "question", "q")
	s.TrackInteraction(i.Token())
	edit := "/webhooks/" + s.AppID() + "/" + i.Token() + "/messages/@original"
	if code := patch(edit, `{"content":"x"}`); code != 404 {
		t.Errorf("edit before acknowledgement: %d, want 404", code)
	}
	cb := "/interactions/" + i.ID() + "/" + i.Token() + "/callback"
	if code := post(cb, `{"type":5}`); code != 204 {
		t.Errorf("deferral: %d, want 204", code)
	}
	if code := post(cb, `{"type":5}`); code != 400 {
		t.Errorf("second acknowledgement: %d, want 400", code)
	}
	if code := patch(edit, `{"content":"x"}`); code != 200 {
		t.Errorf("edit: %d, want 200", code)
	}
	// A server whose 3-second window is a nanosecond: every ack is late.
	strict := New(Options{AckDeadline: time.Nanosecond})
	defer strict.Close()
	late := strict.SlashCommand("ask", "1", "2", "question", "q")
	strict.TrackInteraction(late.Token())
	resp, err := http.Post(strict.APIURL()+"/interactions/"+late.ID()+"/"+late.Token()+"/callback", "application/json", bytes.NewBufferString(`{"type":5}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("acknowledgement after the deadline: %d, want 404", resp.StatusCode)
	}
	// REST calls other than webhooks need the bot token.
	if code := post("/channels/2/messages", `{"content":"x"}`); code != 401 {
		t.Errorf("unauthenticated message: %d, want 401", code)
	}
}
