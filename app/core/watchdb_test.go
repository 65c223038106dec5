package core

import (
	"context"
	"testing"
	"time"
)

// TestWatchStoreSeesAnotherWriter: a second engine on the same file (as the CLI would be) pulls, and the
// first hears StoreChanged; its own pulls publish Fetched and no StoreChanged.
func TestWatchStoreSeesAnotherWriter(t *testing.T) {
	srv := newDevServer(t)
	dir := newProject(t, weappConfig(srv.URL, "/ok"))
	data := t.TempDir()
	open := func() *Engine {
		e, err := Open(Options{ProjectDir: dir, DataDir: data})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		return e
	}
	window, cli := open(), open()
	changed := make(chan struct{}, 10)
	window.Subscribe(func(ev Event) {
		if ev.Kind == StoreChanged {
			changed <- struct{}{}
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go window.WatchStore(ctx, 20*time.Millisecond)
	time.Sleep(60 * time.Millisecond) // the first reading is taken

	if _, err := window.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
		t.Fatal("the engine's own pull was taken for another writer's")
	case <-time.After(200 * time.Millisecond):
	}
	if _, err := cli.Pull(ctx); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
	case <-time.After(5 * time.Second):
		t.Fatal("no StoreChanged after another engine wrote the database")
	}
	list, err := window.History(ctx, HistoryFilter{})
	if err != nil || len(list) != 2 {
		t.Errorf("the window sees %d attempts (%v), want both", len(list), err)
	}
}
