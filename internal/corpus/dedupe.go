package corpus

import (
	"slices"
	"sort"
	"strings"
)

// DupThreshold is the shingle Jaccard similarity at or above which two
// articles are treated as copies of one story.
const DupThreshold = 0.8

// shingleSet hashes the word n-grams of words (the whole sequence when it is
// shorter than n) and returns them sorted, without repeats.
func shingleSet(words []string, n int) []uint64 {
	if len(words) == 0 {
		return nil
	}
	if len(words) < n {
		n = len(words)
	}
	wh := make([]uint64, len(words))
	for i, w := range words {
		h := uint64(14695981039346656037) // FNV-1a
		for j := 0; j < len(w); j++ {
			h ^= uint64(w[j])
			h *= 1099511628211
		}
		wh[i] = h
	}
	out := make([]uint64, 0, len(words)-n+1)
	for i := 0; i+n <= len(words); i++ {
		h := uint64(n)
		for j := i; j < i+n; j++ {
			h = mix(h ^ wh[j])
		}
		out = append(out, h)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

const (
	minhashBands = 10
	minhashRows  = 4
	minhashSize  = minhashBands * minhashRows
)

// mix is a 64-bit finaliser (splitmix64) used to derive the min-hash
// permutations from one shingle hash.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// fingerprint summarises a document's text for near-duplicate detection:
// its sorted word 5-gram hashes and a one-permutation min-hash signature.
type fingerprint struct {
	shingles []uint64
	sig      [minhashSize]uint64
}

func fingerprintOf(d Document) fingerprint {
	var fp fingerprint
	var words []string
	for _, p := range d.Paragraphs {
		words = append(words, strings.Fields(normKey(p))...)
	}
	fp.shingles = shingleSet(words, 5)
	const empty = ^uint64(0)
	for k := range fp.sig {
		fp.sig[k] = empty
	}
	for _, h := range fp.shingles {
		v := mix(h)
		bin := v % minhashSize
		if v < fp.sig[bin] {
			fp.sig[bin] = v
		}
	}
	// Densify: an empty bin borrows from the next filled one, re-hashed by
	// distance, so short documents still get comparable signatures.
	if len(fp.shingles) > 0 {
		orig := fp.sig
		for k := range fp.sig {
			if orig[k] != empty {
				continue
			}
			for d := 1; d < minhashSize; d++ {
				if v := orig[(k+d)%minhashSize]; v != empty {
					fp.sig[k] = mix(v ^ uint64(d))
					break
				}
			}
		}
	}
	return fp
}

// sortedJaccard is the Jaccard similarity of two sorted, duplicate-free
// slices.
func sortedJaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	inter, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// dedupeArticles collapses near-duplicate documents (syndicated copies): in
// each group the earliest-dated document (undated ones last, then by ID) is
// kept and lists the others in AlsoIn. Candidate pairs come from min-hash
// banding; each is confirmed by exact shingle Jaccard. fps[i] is docs[i]'s
// fingerprint (computed here when fps is nil).
func dedupeArticles(docs []Document, fps []fingerprint) []Document {
	if len(docs) < 2 {
		return docs
	}
	if fps == nil {
		fps = make([]fingerprint, len(docs))
		for i := range docs {
			fps[i] = fingerprintOf(docs[i])
		}
	}
	parent := make([]int, len(docs))
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	checked := make(map[[2]int]bool)
	buckets := make(map[uint64][]int)
	for b := 0; b < minhashBands; b++ {
		clear(buckets)
		for i := range docs {
			if len(fps[i].shingles) == 0 {
				continue
			}
			h := uint64(b+1) * 0x9e3779b97f4a7c15
			for r := 0; r < minhashRows; r++ {
				h = mix(h ^ fps[i].sig[b*minhashRows+r])
			}
			buckets[h] = append(buckets[h], i)
		}
		for _, ids := range buckets {
			if len(ids) < 2 {
				continue
			}
			outer := len(ids)
			if outer > 64 { // a crowded bucket: compare against its first member only
				outer = 1
			}
			for x := 0; x < outer; x++ {
				for y := x + 1; y < len(ids); y++ {
					i, j := ids[x], ids[y]
					if find(i) == find(j) || checked[[2]int{i, j}] {
						continue
					}
					checked[[2]int{i, j}] = true
					if sortedJaccard(fps[i].shingles, fps[j].shingles) >= DupThreshold {
						parent[find(i)] = find(j)
					}
				}
			}
		}
	}
	groups := make(map[int][]int)
	for i := range docs {
		r := find(i)
		groups[r] = append(groups[r], i)
	}
	if len(groups) == len(docs) {
		return docs
	}
	out := make([]Document, 0, len(groups))
	for _, g := range groups {
		if len(g) == 1 {
			out = append(out, docs[g[0]])
			continue
		}
		sort.Slice(g, func(x, y int) bool { return keepBefore(docs[g[x]], docs[g[y]]) })
		keep := docs[g[0]]
		for _, o := range g[1:] {
			d := docs[o]
			keep.AlsoIn = append(keep.AlsoIn, Source{DocID: d.ID, Title: d.Title, Outlet: d.Outlet, URL: d.URL, Date: d.Date})
			keep.AlsoIn = append(keep.AlsoIn, d.AlsoIn...)
		}
		sort.SliceStable(keep.AlsoIn, func(x, y int) bool { return keep.AlsoIn[x].DocID < keep.AlsoIn[y].DocID })
		out = append(out, keep)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// keepBefore orders a duplicate group: dated before undated, earlier before
// later, then by ID.
func keepBefore(a, b Document) bool {
	switch {
	case a.Date.IsZero() != b.Date.IsZero():
		return !a.Date.IsZero()
	case !a.Date.Time().Equal(b.Date.Time()):
		return a.Date.Time().Before(b.Date.Time())
	}
	return a.ID < b.ID
}
