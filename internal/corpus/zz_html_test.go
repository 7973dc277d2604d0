package corpus

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

func TestZZHTML(t *testing.T) {
	f := os.Getenv("HTML_FILE")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	ex, err := ExtractHTML(b, "")
	out, _ := json.MarshalIndent(ex, "", " ")
	fmt.Println(string(out), err)
}
