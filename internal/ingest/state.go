package ingest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// state is what ingest remembers between runs, per feed URL: the
// conditional-GET validators and the items the filter rejected (so they are
// not fetched again while the filter stays the same).
type state struct {
	Feeds map[string]*feedState `json:"feeds"`
}

type feedState struct {
	validators
	Fetched  time.Time `json:"fetched,omitempty"`
	Filter   string    `json:"filter,omitempty"`
	Rejected []string  `json:"rejected,omitempty"` // canonical URLs
	// Duplicates are item URLs whose story the corpus already holds under
	// another URL; they are not fetched again.
	Duplicates []string `json:"duplicates,omitempty"`
}

// maxRejected bounds the remembered rejections per feed.
const maxRejected = 2000

func loadState(p string) (*state, error) {
	st := &state{Feeds: map[string]*feedState{}}
	if p == "" {
		return st, nil
	}
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("ingest: read state %s: %w", p, err)
	}
	if err := json.Unmarshal(data, st); err != nil {
		// A damaged state file only costs conditional GETs: start afresh.
		return &state{Feeds: map[string]*feedState{}}, fmt.Errorf("ingest: state %s is damaged, starting afresh: %w", p, err)
	}
	if st.Feeds == nil {
		st.Feeds = map[string]*feedState{}
	}
	return st, nil
}

func saveState(p string, st *state) error {
	if p == "" {
		return nil
	}
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("ingest: encode state: %w", err)
	}
	return writeAtomic(filepath.Dir(p), filepath.Base(p), data, nil)
}

func (f *feedState) rejected(canon string) bool  { return contains(f.Rejected, canon) }
func (f *feedState) duplicate(canon string) bool { return contains(f.Duplicates, canon) }
func (f *feedState) reject(canon string)         { f.Rejected = remember(f.Rejected, canon) }
func (f *feedState) rememberDuplicate(canon string) {
	f.Duplicates = remember(f.Duplicates, canon)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// remember appends s to a bounded list.
func remember(list []string, s string) []string {
	if s == "" || contains(list, s) {
		return list
	}
	list = append(list, s)
	if len(list) > maxRejected {
		list = list[len(list)-maxRejected:]
	}
	return list
}
