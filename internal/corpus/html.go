package corpus

// TEMPORARY (skeleton): the real HTML extraction replaces this file.

import "errors"

// Extracted is the main content of an HTML page.
type Extracted struct {
	Title      string
	Outlet     string
	Date       Date
	Paragraphs []string
}

// ExtractHTML pulls the article text and metadata out of an HTML page.
// pageURL, when known, helps resolve the outlet and relative links.
func ExtractHTML(data []byte, pageURL string) (Extracted, error) {
	return Extracted{}, errors.New("corpus: HTML extraction not built yet")
}
