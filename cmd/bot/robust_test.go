//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"shuttlebot/internal/corpus"
	"shuttlebot/internal/discord/discordtest"
	"shuttlebot/internal/retrieve"
)

// runWithin runs the bot and fails the test if it does not return within
// limit (a hang is a bug, whatever the input).
func runWithin(t *testing.T, limit time.Duration, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	type res struct {
		out, errOut string
		code        int
	}
	done := make(chan res, 1)
	go func() {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), args, func(k string) string { return env[k] }, &stdout, &stderr)
		code := exitCode(err, &stderr)
		done <- res{stdout.String(), stderr.String(), code}
	}()
	select {
	case r := <-done:
		return r.out, r.errOut, r.code
	case <-time.After(limit):
		t.Fatalf("bot %s did not return within %v", strings.Join(args, " "), limit)
		return "", "", -1
	}
}

// decodeAsk checks that out is exactly one valid ask JSON document.
func decodeAsk(t *testing.T, out string) askJSON {
	t.Helper()
	if !json.Valid([]byte(out)) {
		t.Fatalf("not valid JSON:\n%s", out)
	}
	var got askJSON
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("not the ask JSON contract: %v\n%s", err, out)
	}
	if !utf8.ValidString(got.Question) || !utf8.ValidString(got.Answer) {
		t.Errorf("invalid UTF-8 in the JSON strings: %q / %q", got.Question, got.Answer)
	}
	return got
}

func TestAskHostileQuestions(t *testing.T) {
	env := map[string]string{"LOG_LEVEL": "error", "INDEX_DIR": t.TempDir(), "CORPUS_DIR": bundledCorpus}
	long := strings.Repeat("é", 2000) // 4,000 bytes: the limit counts characters
	ok := []string{
		"title:x", "+a -b", `"x`, "a~2", "x^3", "*", "?", "(", `\`, "/regex/", "body:/.*/ OR _id:*",
		"[1 TO 5]", "{", "a:b:c", "NOT", "AND OR", "-", `""`,
		"Where\x00did Lee\x00meet?", "\xff\xfe summit \xc3", "\u202eWhere did Lee meet?\u202c",
		"Where\u200b did\u200d Lee meet? 🙂🇰🇷", "이재명 다카이치 회담 어디", "高市首相と李大統領はどこで会談した",
		"https://example.com/news?id=1&utm_source=x", long,
	}
	for _, q := range ok {
		out, errOut, code := runWithin(t, 30*time.Second, env, "ask", "--json", "--no-llm", q)
		if code != 0 {
			t.Errorf("ask %q: exit %d: %s", q, code, errOut)
			continue
		}
		got := decodeAsk(t, out)
		for _, c := range got.Citations {
			if _, err := os.Stat(filepath.Join(bundledCorpus, c.Doc)); err != nil {
				t.Errorf("ask %q cites %q: %v", q, c.Doc, err)
			}
		}
	}
	bad := []struct{ q, want string }{
		{long + "é", "2001 characters"},
		{strings.Repeat("where did they meet ", 512), "the limit is 2000"},
		{" \t\n\r ", "ask needs a question"},
	}
	for _, b := range bad {
		out, errOut, code := runWithin(t, 30*time.Second, env, "ask", "--json", "--no-llm", b.q)
		if code != 2 || !strings.Contains(errOut, b.want) || out != "" {
			t.Errorf("ask %.30q: exit %d, stdout %q, stderr %q; want exit 2 saying %q", b.q, code, out, errOut, b.want)
		}
	}
}

// hostileCorpus writes a corpus folder with every kind of broken file next
// to readable articles in awkward encodings, and returns it.
func hostileCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Readable, awkwardly encoded articles.
	write("crlf.txt", []byte("Ferry line reopens\r\n\r\nThe ferry line between Mokpo and Kagoshima reopened on 5 May 2026 after a long pause.\r\nOfficials expect more visitors.\r\n"))
	u16 := utf16.Encode([]rune("\ufeffTimber talks end\n\nThe timber talks ended in Hakodate on 6 June 2026 with a quota deal.\n"))
	b16 := make([]byte, 0, 2*len(u16))
	for _, u := range u16 {
		b16 = append(b16, byte(u), byte(u>>8))
	}
	write("utf16.txt", b16)
	write("bom.md", []byte("\xef\xbb\xbfFisheries pact signed\n\nThe fisheries pact was signed in Jeju on 7 July 2026 by both ministers.\n"))
	write("deep/er/nested.txt", []byte("Rail link approved\n\nThe rail link under the strait was approved in Fukuoka on 8 August 2026.\n"))
	write("with space ü/日本 記事.txt", []byte("Festival draws crowds\n\nThe lantern festival in Gyeongju drew record crowds on 9 September 2026.\n"))
	// Broken ones.
	bin := bytes.Repeat([]byte{0, 1, 2, 0xff, 0xfe, 'P', 'K'}, 600)
	write("binary.txt", bin)
	write("empty.txt", nil)
	write("huge.txt", append([]byte("Huge\n\n"), bytes.Repeat([]byte("word "), 6<<20/5)...))
	// Front matter YAML cannot read: the lenient reader keeps the article.
	write("badfm.md", []byte("---\ntitle: [unclosed\ndate: :\t:\n---\nThe harbour cleanup in Ulsan finished on 10 October 2026.\n"))
	write("scripts.html", []byte("<html><head><script>var a=1</script></head><body><script>alert(1)</script><style>p{}</style></body></html>"))
	if err := os.Symlink(".", filepath.Join(dir, "deep", "loop")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err == nil {
		if err := os.Symlink("pipe", filepath.Join(dir, "pipe.txt")); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestHostileCorpusStillAnswers(t *testing.T) {
	dir := hostileCorpus(t)
	env := map[string]string{"LOG_LEVEL": "warn", "INDEX_DIR": t.TempDir(), "CORPUS_DIR": dir}
	for q, wantDoc := range map[string]string{
		"Where did the ferry line reopen?":     "crlf.txt",
		"Where did the timber talks end?":      "utf16.txt",
		"Where was the fisheries pact signed?": "bom.md",
		"Where was the rail link approved?":    "deep/er/nested.txt",
		"Where was the lantern festival?":      "with space ü/日本 記事.txt",
	} {
		out, errOut, code := runWithin(t, 30*time.Second, env, "ask", "--json", "--no-llm", q)
		if code != 0 {
			t.Fatalf("ask %q: exit %d: %s", q, code, errOut)
		}
		got := decodeAsk(t, out)
		if got.Abstained || len(got.Citations) == 0 || got.Citations[0].Doc != wantDoc {
			t.Errorf("ask %q: %q citing %+v; want %s", q, got.Answer, got.Citations, wantDoc)
		}
		for _, bad := range []string{"binary.txt", "empty.txt", "huge.txt", "scripts.html", "pipe.txt"} {
			if !strings.Contains(errOut, "path="+bad) {
				t.Errorf("no warning naming %s:\n%s", bad, errOut)
			}
		}
	}
}

func TestBrokenCorpusIsAUsageError(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), bytes.Repeat([]byte{0, 0xff}, 100), 0o644)
	os.WriteFile(filepath.Join(dir, "b.md"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "c.pdf"), []byte("%PDF"), 0o644)
	for _, args := range [][]string{{"ask", "where?"}, {"index"}, {"summits"}} {
		_, errOut, code := runWithin(t, 30*time.Second, map[string]string{"LOG_LEVEL": "error", "INDEX_DIR": t.TempDir(), "CORPUS_DIR": dir}, args...)
		if code != 2 || !strings.Contains(errOut, "no readable article") {
			t.Errorf("bot %s on a broken corpus: exit %d, %s", args[0], code, errOut)
		}
	}
}

// TestCorpusEditsReachAnswers: a file changed on disk between runs changes
// the answer; a deleted file is no longer cited.
func TestCorpusEditsReachAnswers(t *testing.T) {
	dir := t.TempDir()
	art := filepath.Join(dir, "ferry.txt")
	write := func(city string) {
		os.WriteFile(art, []byte("Ferry summit held\n\nThe ferry summit was held in "+city+" on 2 February 2026.\n"), 0o644)
	}
	write("Mokpo")
	os.WriteFile(filepath.Join(dir, "other.txt"), []byte("Timber talks\n\nThe timber talks happened in Hakodate on 4 April 2026.\n"), 0o644)
	env := map[string]string{"LOG_LEVEL": "error", "INDEX_DIR": t.TempDir(), "CORPUS_DIR": dir}
	ask := func() askJSON {
		out, errOut, code := runWithin(t, 30*time.Second, env, "ask", "--json", "--no-llm", "Where was the ferry summit held?")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		return decodeAsk(t, out)
	}
	if a := ask(); !strings.Contains(a.Answer, "Mokpo") {
		t.Fatalf("first answer %q", a.Answer)
	}
	write("Yeosu") // same length, same second: only the content differs
	if a := ask(); !strings.Contains(a.Answer, "Yeosu") || strings.Contains(a.Answer, "Mokpo") {
		t.Errorf("after the edit: %q", a.Answer)
	}
	os.Remove(art)
	if a := ask(); strings.Contains(a.Answer, "Yeosu") || len(a.Citations) > 0 && a.Citations[0].Doc == "ferry.txt" {
		t.Errorf("deleted article still cited: %q %+v", a.Answer, a.Citations)
	}
}

// TestIndexFolderTrouble: a damaged index, a crashed build and a garbage
// CURRENT pointer are rebuilt; a held index fails fast naming INDEX_DIR; an
// index path that is a file is a usage error.
func TestIndexFolderTrouble(t *testing.T) {
	idx := t.TempDir()
	env := map[string]string{"LOG_LEVEL": "error", "INDEX_DIR": idx, "CORPUS_DIR": bundledCorpus}
	q := "Where did Lee and Takaichi meet?"
	if _, errOut, code := runWithin(t, 60*time.Second, env, "index"); code != 0 {
		t.Fatalf("index: %s", errOut)
	}
	cur, _ := os.ReadFile(filepath.Join(idx, "CURRENT"))
	live := filepath.Join(idx, strings.TrimSpace(string(cur)))
	segs, _ := filepath.Glob(filepath.Join(live, "bleve", "store", "*.zap"))
	for _, s := range segs {
		b, _ := os.ReadFile(s)
		for i := 1; i < 12; i++ {
			b[len(b)*i/13] ^= 0xa5
		}
		os.WriteFile(s, b, 0o600)
	}
	os.MkdirAll(filepath.Join(idx, "build-123", "bleve"), 0o755) // a build killed mid-way
	for _, step := range []string{"damaged segments", "garbage CURRENT"} {
		out, errOut, code := runWithin(t, 60*time.Second, env, "ask", "--json", "--no-llm", q)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", step, code, errOut)
		}
		if a := decodeAsk(t, out); a.Abstained || !strings.Contains(a.Answer, "Nara") {
			t.Errorf("%s: %q", step, a.Answer)
		}
		os.WriteFile(filepath.Join(idx, "CURRENT"), []byte("../../../etc\x00\xff\n"), 0o644)
	}
	if _, err := os.Stat(filepath.Join(idx, "build-123")); !os.IsNotExist(err) {
		t.Errorf("leftover build folder not removed: %v", err)
	}

	docs, err := corpus.Load(context.Background(), os.DirFS(bundledCorpus), nil)
	if err != nil {
		t.Fatal(err)
	}
	held, err := retrieve.Open(context.Background(), idx, docs, retrieve.Options{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, errOut, code := runWithin(t, 30*time.Second, env, "ask", "--no-llm", q)
	held.Close()
	if code != 1 || !strings.Contains(errOut, "INDEX_DIR") || time.Since(start) > 10*time.Second {
		t.Errorf("second process: exit %d after %v: %s", code, time.Since(start), errOut)
	}

	file := filepath.Join(t.TempDir(), "index")
	os.WriteFile(file, []byte("x"), 0o644)
	env["INDEX_DIR"] = file
	if _, errOut, code := runWithin(t, 30*time.Second, env, "index"); code != 2 || !strings.Contains(errOut, "INDEX_DIR") {
		t.Errorf("index folder is a file: exit %d: %s", code, errOut)
	}
}

// TestUnreachableModelFallsBack: whatever is wrong with the model server,
// the answer is extractive with a reason, within the timeout plus a second,
// and the key never shows, even at debug level.
func TestUnreachableModelFallsBack(t *testing.T) {
	closed := func() string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return addr
	}
	// A blackhole accepts connections and never answers.
	hole, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hole.Close() })
	go func() {
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := hole.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	untrusted := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("the model request went through despite an untrusted certificate")
	}))
	t.Cleanup(untrusted.Close)

	const key = "sk-robust-SECRET-7f3a9c"
	cases := []struct{ name, base, proxy string }{
		{"closed port", "http://" + closed() + "/v1", ""},
		{"blackhole", "http://" + hole.Addr().String() + "/v1", ""},
		{"untrusted certificate", untrusted.URL + "/v1", ""},
		{"proxy at a closed port", "https://model.example.invalid/v1", "http://" + closed()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.proxy != "" {
				t.Setenv("HTTPS_PROXY", c.proxy)
				t.Setenv("https_proxy", c.proxy)
				t.Setenv("NO_PROXY", "")
				t.Setenv("no_proxy", "")
			}
			env := map[string]string{
				"CORPUS_DIR": bundledCorpus, "INDEX_DIR": t.TempDir(), "LOG_LEVEL": "debug",
				"OPENAI_BASE_URL": c.base, "OPENAI_API_KEY": key, "OPENAI_MODEL": "m", "OPENAI_TIMEOUT": "2s",
			}
			out, errOut, code := runWithin(t, 30*time.Second, env, "ask", "--json", "Where did Lee and Takaichi meet?")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			got := decodeAsk(t, out)
			if got.Mode != "extractive" || got.FallbackReason == "" || got.Abstained {
				t.Errorf("mode %q, fallback %q, abstained %v", got.Mode, got.FallbackReason, got.Abstained)
			}
			if got.ElapsedMS > 3000 {
				t.Errorf("answering took %.0f ms, past the 2s timeout plus a second", got.ElapsedMS)
			}
			if strings.Contains(out+errOut, key) || strings.Contains(out+errOut, "SECRET") {
				t.Errorf("the API key leaked:\n%s\n%s", out, errOut)
			}
		})
	}
}

// TestSecretsNeverLogged: a rejected Discord token and a model key, at
// debug level, never appear in the output.
func TestSecretsNeverLogged(t *testing.T) {
	fake := discordtest.New(discordtest.Options{})
	t.Cleanup(fake.Close)
	const token = "MTAx.SECRET-discord-token.9zz"
	const key = "sk-SECRET-model-key-42"
	var stdout, stderr dcBuffer
	env := dcEnv(t, fake, map[string]string{"DISCORD_TOKEN": token, "LOG_LEVEL": "debug", "OPENAI_API_KEY": key, "OPENAI_MODEL": "m", "OPENAI_BASE_URL": "http://127.0.0.1:1/v1"})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := run(ctx, []string{"run"}, env, &stdout, &stderr)
	code := exitCode(err, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "DISCORD_TOKEN was rejected") {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
	all := stdout.String() + stderr.String()
	for _, secret := range []string{token, "SECRET-discord", key, "SECRET-model"} {
		if strings.Contains(all, secret) {
			t.Errorf("%q leaked:\n%s", secret, all)
		}
	}
}
