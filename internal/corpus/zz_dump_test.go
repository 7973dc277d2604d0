package corpus

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"testing"
)

func TestZZDump(t *testing.T) {
	dir := os.Getenv("DUMP_DIR")
	if dir == "" {
		t.Skip()
	}
	docs, err := Load(context.Background(), os.DirFS(dir), slog.New(slog.NewTextHandler(os.Stderr, nil)))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		b, _ := json.MarshalIndent(d, "", " ")
		fmt.Println(string(b))
	}
}
