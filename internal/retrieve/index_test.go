package retrieve

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"shuttlebot/internal/corpus"
)

// loadDocs reads testdata/articles.json: hand-written messy articles.
func loadDocs(t testing.TB) []corpus.Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "articles.json"))
	if err != nil {
		t.Fatal(err)
	}
	type source struct {
		DocID, Title, Outlet, URL, Date string
	}
	var raw []struct {
		ID, Title, Outlet, URL, Date string
		AlsoIn                       []source
		Paragraphs                   []string
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	mustDate := func(s string) corpus.Date {
		d, err := corpus.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	var docs []corpus.Document
	for _, r := range raw {
		d := corpus.Document{ID: r.ID, Title: r.Title, Outlet: r.Outlet, URL: r.URL, Date: mustDate(r.Date), Paragraphs: r.Paragraphs}
		for _, s := range r.AlsoIn {
			d.AlsoIn = append(d.AlsoIn, corpus.Source{DocID: s.DocID, Title: s.Title, Outlet: s.Outlet, URL: s.URL, Date: mustDate(s.Date)})
		}
		d.Size = int64(len(strings.Join(d.Paragraphs, "\n\n")))
		d.Hash = fingerprint(&d) // stands in for the file hash
		docs = append(docs, d)
	}
	return docs
}

// backends opens the same documents in memory and on disk: every retrieval
// test runs on both.
func backends() []struct {
	name string
	open func(t *testing.T, docs []corpus.Document) *Index
} {
	return []struct {
		name string
		open func(t *testing.T, docs []corpus.Document) *Index
	}{
		{"memory", func(t *testing.T, docs []corpus.Document) *Index {
			ix, err := Open(context.Background(), "", docs, Options{InMemory: true})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ix.Close() })
			return ix
		}},
		{"disk", func(t *testing.T, docs []corpus.Document) *Index {
			ix, err := Open(context.Background(), t.TempDir(), docs, Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ix.Close() })
			return ix
		}},
	}
}

func TestSearchFindsTheRightArticle(t *testing.T) {
	docs := loadDocs(t)
	cases := []struct {
		q, wantDoc string
	}{
		{"How high did the river rise at Hollin Bridge?", "2026/03/storm.md"},
		{"When will the ferry line between the two countries reopen?", "2026/03/harbour-summit.txt"},
		{"harbour summit", "2026/03/harbour-summit.txt"},
		{"Who scored the winning penalty?", "sport/final.txt"},
		{"Did the central bank cut interest rates?", "2026/02/rates.txt"},
		{"how long does the folding phone battery last", "tech/phone.html"},
		{"flooded towns", "2026/03/storm.md"},                      // stemming: flooding/floods
		{"title:storm", "2026/03/storm.md"},                        // field syntax is plain words
		{"\"ferry +reopen -fishing", "2026/03/harbour-summit.txt"}, // unbalanced quote, operators
		{"café résumé", "tech/phone.html"},
	}
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			ix := b.open(t, docs)
			for _, c := range cases {
				got, err := ix.Search(context.Background(), c.q, 5)
				if err != nil {
					t.Fatalf("Search(%q): %v", c.q, err)
				}
				if len(got) == 0 || got[0].DocID != c.wantDoc {
					t.Errorf("Search(%q) top = %v, want %s", c.q, ids(got), c.wantDoc)
					continue
				}
				for i := 1; i < len(got); i++ {
					if got[i].Score > got[i-1].Score || got[i].Score == got[i-1].Score && got[i].ID < got[i-1].ID {
						t.Errorf("Search(%q) not ordered best first, ties by ID: %v", c.q, got)
					}
				}
				again, _ := ix.Search(context.Background(), c.q, 5)
				if !reflect.DeepEqual(ids(got), ids(again)) {
					t.Errorf("Search(%q) not deterministic: %v then %v", c.q, ids(got), ids(again))
				}
			}
		})
	}
}

func TestPassagesCarryCitationMetadata(t *testing.T) {
	docs := loadDocs(t)
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			ix := b.open(t, docs)
			got, err := ix.Search(context.Background(), "ferry Port Selby customs terminal", 1)
			if err != nil || len(got) != 1 {
				t.Fatalf("Search: %v, %v", got, err)
			}
			p := got[0]
			want := docs[0]
			if !strings.HasPrefix(p.ID, want.ID+"#") || p.DocID != want.ID || p.Title != want.Title ||
				p.Outlet != want.Outlet || p.URL != want.URL || p.Date != want.Date || p.Score <= 0 {
				t.Errorf("passage = %+v, want metadata of %s", p, want.ID)
			}
			if !reflect.DeepEqual(p.AlsoIn, want.AlsoIn) {
				t.Errorf("AlsoIn = %+v, want %+v", p.AlsoIn, want.AlsoIn)
			}
			if !strings.Contains(p.Text, "ferry") {
				t.Errorf("text = %q", p.Text)
			}
			// Unknown metadata stays unknown.
			got, _ = ix.Search(context.Background(), "goalkeeper shoot-out", 1)
			if len(got) != 1 || got[0].Outlet != "" || got[0].URL != "" || !got[0].Date.IsZero() {
				t.Errorf("sport passage = %+v, want empty outlet, URL, date", got)
			}
		})
	}
}

func TestEmptyAndHostileQueries(t *testing.T) {
	docs := loadDocs(t)
	empty := []string{"", "   ", "the and of", "?!?", "\x00\x00", "***", "+++", "()", "\\", "~^"}
	long := strings.Repeat("storm river flooding ", 500) // 10.5 KB
	hostile := []string{
		"title:foo", "\"unbalanced", "+++", "*", "a:b:c", "\\", "storm\\", "(((storm", "storm~2^5", "/regex.*/",
		long, strings.Repeat("x", 20000), "\xff\xfe broken utf8 storm", "storm\x00river", "🌊🌊 flood 🌊",
		"ⓢⓣⓞⓡⓜ", "\u202eevil rtl\u202c", "null:", "_id:x", "text:storm OR title:phone", strings.Repeat("(", 5000),
	}
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			ix := b.open(t, docs)
			for _, q := range empty {
				got, err := ix.Search(context.Background(), q, 5)
				if err != nil || len(got) != 0 {
					t.Errorf("Search(%q) = %v, %v; want no passages, no error", q, ids(got), err)
				}
			}
			for _, q := range hostile {
				start := time.Now()
				_, err := ix.Search(context.Background(), q, 5)
				if err != nil {
					t.Errorf("Search(%.40q): %v", q, err)
				}
				if d := time.Since(start); d > 2*time.Second {
					t.Errorf("Search(%.40q) took %v", q, d)
				}
				if _, err := ix.SearchArticles(context.Background(), q, 5); err != nil {
					t.Errorf("SearchArticles(%.40q): %v", q, err)
				}
			}
			got, _ := ix.Search(context.Background(), long, 3)
			if len(got) == 0 || got[0].DocID != "2026/03/storm.md" {
				t.Errorf("10 KB question: got %v, want the storm article", ids(got))
			}
			if got, _ := ix.Search(context.Background(), "storm", 0); got != nil {
				t.Errorf("k=0 gave %v", got)
			}
		})
	}
}

func TestQueryTermsAreCapped(t *testing.T) {
	ix, err := Open(context.Background(), "", loadDocs(t), Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var words []string
	for i := range 200 {
		words = append(words, fmt.Sprintf("word%dx", i))
	}
	q, err := ix.queryWords(context.Background(), strings.Join(words, " ")+" the storm")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Fields(q)
	if len(got) != maxQueryTerms || got[0] != "word0x" {
		t.Errorf("queryWords kept %d words starting %v, want %d", len(got), got[:1], maxQueryTerms)
	}
	if q, _ := ix.queryWords(context.Background(), "The Storm, the STORM and storms!"); q != "Storm" {
		t.Errorf("queryWords dedupes stems: got %q", q)
	}
}

func TestSearchArticlesGroupsByArticle(t *testing.T) {
	docs := loadDocs(t)
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			ix := b.open(t, docs)
			hits, err := ix.SearchArticles(context.Background(), "summit leaders ferry fishing trade", 3)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) == 0 || hits[0].DocID != "2026/03/harbour-summit.txt" {
				t.Fatalf("hits = %+v", hits)
			}
			seen := map[string]bool{}
			for _, h := range hits {
				if seen[h.DocID] {
					t.Errorf("article %s listed twice", h.DocID)
				}
				seen[h.DocID] = true
			}
			h := hits[0]
			if h.Title != docs[0].Title || h.URL != docs[0].URL || h.Outlet != docs[0].Outlet || len(h.AlsoIn) != 1 || h.Best == "" || h.Score <= 0 {
				t.Errorf("hit = %+v", h)
			}
		})
	}
}

func TestOpenReusesUnchangedIndexAndRebuildsOnChange(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	docs := loadDocs(t)
	open := func(docs []corpus.Document, opts Options) Info {
		t.Helper()
		ix, err := Open(ctx, dir, docs, opts)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if got, err := ix.Search(ctx, "storm", 1); err != nil || len(got) == 0 {
			t.Fatalf("search after open: %v %v", got, err)
		}
		return ix.Info()
	}
	first := open(docs, Options{})
	if !first.Built || first.Articles != len(docs) || first.Passages < len(docs) {
		t.Fatalf("first open: %+v", first)
	}
	if again := open(docs, Options{}); again.Built || again.Dir != first.Dir {
		t.Errorf("unchanged corpus rebuilt: %+v", again)
	}

	changed := cloneDocs(docs)
	changed[1].Paragraphs = append(changed[1].Paragraphs, "A late update: the river began to fall on Friday.")
	if info := open(changed, Options{}); !info.Built || info.Dir == first.Dir {
		t.Errorf("changed article did not rebuild: %+v", info)
	}
	if info := open(changed[:3], Options{}); !info.Built || info.Articles != 3 {
		t.Errorf("removed articles did not rebuild: %+v", info)
	}
	if info := open(changed[:3], Options{Rebuild: true}); !info.Built {
		t.Errorf("Rebuild option ignored: %+v", info)
	}

	// A schema (code) change rebuilds.
	live := readCurrent(dir)
	m, err := readManifest(filepath.Join(dir, live, manifestFile))
	if err != nil {
		t.Fatal(err)
	}
	m.Schema = "older-code"
	if err := writeManifest(filepath.Join(dir, live, manifestFile), m); err != nil {
		t.Fatal(err)
	}
	if info := open(changed[:3], Options{}); !info.Built {
		t.Errorf("schema change did not rebuild: %+v", info)
	}
	// Only the live version is left.
	assertOnlyLive(t, dir)
}

func TestProgressReported(t *testing.T) {
	docs := loadDocs(t)
	var calls [][2]int
	ix, err := Open(context.Background(), t.TempDir(), docs, Options{BatchSize: 2, Progress: func(done, total int) {
		calls = append(calls, [2]int{done, total})
	}})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if len(calls) < 3 || calls[0] != [2]int{0, len(docs)} || calls[len(calls)-1] != [2]int{len(docs), len(docs)} {
		t.Errorf("progress calls = %v", calls)
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] < calls[i-1][0] {
			t.Errorf("progress went backwards: %v", calls)
		}
	}
}

func TestCrashMidBuildKeepsOldIndex(t *testing.T) {
	dir := t.TempDir()
	docs := loadDocs(t)
	ix, err := Open(context.Background(), dir, docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	live := ix.Info().Dir
	ix.Close()

	// A build interrupted halfway (the process is told to stop).
	ctx, cancel := context.WithCancel(context.Background())
	changed := cloneDocs(docs)
	changed[0].Title = "A different headline"
	_, err = Open(ctx, dir, changed, Options{BatchSize: 1, Progress: func(done, total int) {
		if done >= 2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted build: err = %v, want context.Canceled", err)
	}
	// Leftovers of a hard crash: a half-written build folder and temp file.
	if err := os.MkdirAll(filepath.Join(dir, buildPrefix+"999", bleveDir), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, buildPrefix+"999", bleveDir, "junk"), []byte("half"), 0o644)
	os.WriteFile(filepath.Join(dir, "."+currentFile+".tmp-1"), []byte("idx-none"), 0o644)

	ix, err = Open(context.Background(), dir, docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if info := ix.Info(); info.Built || info.Dir != live {
		t.Errorf("old index not reused after interrupted build: %+v (live was %s)", info, live)
	}
	if got, err := ix.Search(context.Background(), "ferry", 1); err != nil || len(got) == 0 || got[0].Title != docs[0].Title {
		t.Errorf("old index not searchable: %v %v", got, err)
	}
	assertOnlyLive(t, dir)
}

func TestCorruptIndexIsRebuilt(t *testing.T) {
	dir := t.TempDir()
	docs := loadDocs(t)
	ix, err := Open(context.Background(), dir, docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	live := ix.Info().Dir
	ix.Close()
	if err := os.RemoveAll(filepath.Join(live, bleveDir)); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(context.Background(), dir, docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got, _ := ix.Search(context.Background(), "storm", 1); !ix.Info().Built || len(got) == 0 {
		t.Errorf("damaged index not rebuilt: %+v", ix.Info())
	}
}

func TestSecondOpenFailsFastWhenLocked(t *testing.T) {
	dir := t.TempDir()
	docs := loadDocs(t)
	first, err := Open(context.Background(), dir, docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	second, err := Open(context.Background(), dir, docs, Options{})
	if err == nil {
		second.Close()
		t.Fatal("second Open on a locked index succeeded")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("second Open took %v", d)
	}
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "INDEX_DIR") {
		t.Errorf("err = %v, want ErrLocked naming INDEX_DIR", err)
	}
	// The first keeps working; once closed, the folder is free.
	if got, err := first.Search(context.Background(), "storm", 1); err != nil || len(got) == 0 {
		t.Errorf("first index broken: %v %v", got, err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if err := first.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := first.Search(context.Background(), "storm", 1); !errors.Is(err, ErrClosed) {
		t.Errorf("search after close: %v", err)
	}
	third, err := Open(context.Background(), dir, docs, Options{})
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	third.Close()
}

func TestOpenRejectsBadFolder(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, dir := range []string{"", file, filepath.Join(file, "sub")} {
		if ix, err := Open(context.Background(), dir, loadDocs(t), Options{}); err == nil {
			ix.Close()
			t.Errorf("Open(%q) succeeded", dir)
		}
	}
}

func TestUpdateIsIncremental(t *testing.T) {
	ctx := context.Background()
	docs := loadDocs(t)
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			ix := b.open(t, docs)
			next := cloneDocs(docs[1:]) // remove the summit
			next[0].Paragraphs = []string{"Storm Ingrid has passed; the zephyrine cleanup of Hollin Bridge began on Monday."}
			next = append(next, corpus.Document{ID: "new/volcano.txt", Title: "Volcano erupts on Isla Brava", Outlet: "Wire",
				Paragraphs: []string{"The volcano on Isla Brava erupted at dawn, sending ash ten kilometres into the sky."}})
			st, err := ix.Update(ctx, next)
			if err != nil {
				t.Fatal(err)
			}
			if st.Added != 1 || st.Changed != 1 || st.Removed != 1 || st.Passages != 2 {
				t.Errorf("stats = %+v", st)
			}
			if got, _ := ix.Search(ctx, "volcano ash", 1); len(got) != 1 || got[0].DocID != "new/volcano.txt" || got[0].Outlet != "Wire" {
				t.Errorf("added article not found: %v", got)
			}
			if got, _ := ix.Search(ctx, "zephyrine", 5); len(got) != 1 || got[0].ID != "2026/03/storm.md#0" {
				t.Errorf("changed article: %v", ids(got))
			}
			if got, _ := ix.Search(ctx, "record rainfall residents", 5); containsDoc(got, "2026/03/storm.md") {
				t.Errorf("old passages of a changed article still found: %v", ids(got))
			}
			if got, _ := ix.Search(ctx, "ferry Port Selby", 5); len(got) != 0 {
				t.Errorf("removed article still found: %v", ids(got))
			}
			if info := ix.Info(); info.Articles != len(next) {
				t.Errorf("info after update: %+v", info)
			}
			if st, err := ix.Update(ctx, next); err != nil || st != (UpdateStats{}) {
				t.Errorf("no-op update: %+v %v", st, err)
			}
		})
	}
}

func TestUpdatePersistsManifest(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	docs := loadDocs(t)
	ix, err := Open(ctx, dir, docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	next := append(cloneDocs(docs), corpus.Document{ID: "z.txt", Title: "Zebra census", Paragraphs: []string{"Rangers counted 412 zebras."}})
	if _, err := ix.Update(ctx, next); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if _, err := ix.Update(ctx, docs); !errors.Is(err, ErrClosed) {
		t.Errorf("update after close: %v", err)
	}
	ix, err = Open(ctx, dir, next, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Info().Built {
		t.Error("index rebuilt after an Update although it matched the corpus")
	}
	if got, _ := ix.Search(ctx, "zebras", 1); len(got) != 1 {
		t.Errorf("updated article lost on reopen: %v", got)
	}
}

// TestUpdateIsAtomicUnderConcurrentSearch flips the corpus between two states
// while searches run: every search must see one whole state.
func TestUpdateIsAtomicUnderConcurrentSearch(t *testing.T) {
	ctx := context.Background()
	base := loadDocs(t)
	para := func(word string, i int) string {
		return fmt.Sprintf("Paragraph %d mentions %s several times: %s here, %s there, and %s again so that this paragraph is long enough to stand alone as one passage of the article about %s in the test.", i, word, word, word, word, word)
	}
	article := func(id, word string, n int) corpus.Document {
		d := corpus.Document{ID: id, Title: "Test article " + id}
		for i := range n {
			d.Paragraphs = append(d.Paragraphs, para(word, i))
		}
		return d
	}
	stateA := append(cloneDocs(base), article("flip/a.txt", "zeppelin", 3), article("flip/gone.txt", "zeppelin", 2))
	stateB := append(cloneDocs(base), article("flip/a.txt", "quokka", 4), article("flip/new.txt", "quokka", 3))

	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			ix := b.open(t, stateA)
			want := map[string]bool{}
			for _, s := range [][]corpus.Document{stateA, stateB} {
				if _, err := ix.Update(ctx, s); err != nil {
					t.Fatal(err)
				}
				got, err := ix.Search(ctx, "zeppelin quokka", 100)
				if err != nil {
					t.Fatal(err)
				}
				want[strings.Join(sortedIDs(got), " ")] = true
			}
			if len(want) != 2 {
				t.Fatalf("states not distinguishable: %v", want)
			}

			stop := make(chan struct{})
			var wg sync.WaitGroup
			errs := make(chan error, 8)
			var searches sync.Map
			for w := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					n := 0
					for {
						select {
						case <-stop:
							searches.Store(w, n)
							return
						default:
						}
						got, err := ix.Search(ctx, "zeppelin quokka", 100)
						n++
						if err != nil {
							errs <- err
							return
						}
						if key := strings.Join(sortedIDs(got), " "); !want[key] {
							errs <- fmt.Errorf("search saw a half-applied update: %s", key)
							return
						}
					}
				}()
			}
			for i := range 20 {
				s := stateA
				if i%2 == 0 {
					s = stateB
				}
				if _, err := ix.Update(ctx, s); err != nil {
					t.Fatal(err)
				}
			}
			close(stop)
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
		})
	}
}

func assertOnlyLive(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	live := readCurrent(dir)
	for _, n := range names {
		if n != live && n != currentFile && n != lockFile {
			t.Errorf("leftover %q in index folder (entries %v)", n, names)
		}
	}
}

func cloneDocs(docs []corpus.Document) []corpus.Document {
	out := make([]corpus.Document, len(docs))
	for i, d := range docs {
		d.Paragraphs = append([]string(nil), d.Paragraphs...)
		out[i] = d
	}
	return out
}

func ids(ps []Passage) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

func sortedIDs(ps []Passage) []string {
	out := ids(ps)
	sort.Strings(out)
	return out
}

func containsDoc(ps []Passage, doc string) bool {
	for _, p := range ps {
		if p.DocID == doc {
			return true
		}
	}
	return false
}

// TestMain lets the test binary act as a second process holding an index
// (see TestSecondProcessFailsFast).
func TestMain(m *testing.M) {
	if dir := os.Getenv("RETRIEVE_TEST_HOLD_INDEX"); dir != "" {
		ix, err := Open(context.Background(), dir, []corpus.Document{{ID: "a.txt", Title: "Held", Paragraphs: []string{"An index held open by another process."}}}, Options{})
		if err != nil {
			fmt.Println("error:", err)
			os.Exit(1)
		}
		fmt.Println("ready")
		io.Copy(io.Discard, os.Stdin) // hold until the parent closes stdin
		ix.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestSecondProcessFailsFast(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	dir := t.TempDir()
	cmd := exec.Command(exe, "-test.run=^$")
	cmd.Env = append(os.Environ(), "RETRIEVE_TEST_HOLD_INDEX="+dir)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("helper process: %q %v", line, err)
	}
	start := time.Now()
	ix, err := Open(context.Background(), dir, loadDocs(t), Options{})
	if err == nil {
		ix.Close()
		t.Fatal("Open succeeded on an index held by another process")
	}
	if d := time.Since(start); d > 5*time.Second || !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "INDEX_DIR") {
		t.Errorf("after %v: err = %v, want ErrLocked naming INDEX_DIR within seconds", d, err)
	}
}
