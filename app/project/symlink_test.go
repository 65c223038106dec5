//go:build unix

package project

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// symlinked is, for each file Load reads from a project, a content that carries a version v and a check
// that the loaded project has that version.
var symlinked = []struct {
	name    string
	content func(v string) string
	has     func(p *Project, v string) bool
}{
	{ConfigFile, tokenConfig, func(p *Project, v string) bool { return p.Token != nil && *p.Token == v }},
	{ProjectConfigFile, func(v string) string { return `{"appid": "wx` + v + `"}` },
		func(p *Project, v string) bool { return p.AppID == "wx"+v }},
	{PreloadFile, func(v string) string {
		return `[{"fetchType": "pre", "params": {"url": "https://a.example/` + v + `"}}]`
	},
		func(p *Project, v string) bool {
			return len(p.Preload) == 1 && p.Preload[0].URL == "https://a.example/"+v
		}},
	{AnalyticsFile, func(v string) string {
		return `{"events": [{"id": "e` + v + `", "name": "n", "fields": [], "actions": []}]}`
	}, func(p *Project, v string) bool { return len(p.Analytics) == 1 && p.Analytics[0].ID == "e"+v }},
}

func loaded(has func(*Project, string) bool, v string) func(c call) bool {
	return func(c call) bool { return c.err == nil && c.p != nil && has(c.p, v) }
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// repoint points link at target the way `ln -sfn` does: a new link renamed over the old one.
func repoint(t *testing.T, target, link string) {
	t.Helper()
	tmp := link + ".new"
	symlink(t, target, tmp)
	if err := os.Rename(tmp, link); err != nil {
		t.Fatal(err)
	}
}

// TestWatcherFollowsSymlinkedConfigs: each config file as a symbolic link into another folder; an edit of
// the target (in place, and by an editor's rename) reloads, and so does re-pointing the link.
func TestWatcherFollowsSymlinkedConfigs(t *testing.T) {
	for _, f := range symlinked {
		t.Run(f.name, func(t *testing.T) {
			files := map[string]string{ProjectConfigFile: `{"appid": "wxbase"}`}
			delete(files, f.name)
			dir := newProject(t, files)
			elsewhere := t.TempDir()
			target := filepath.Join(elsewhere, "shared.json")
			write := func(path, v string) {
				t.Helper()
				if err := os.WriteFile(path, []byte(f.content(v)), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write(target, "one")
			symlink(t, target, filepath.Join(dir, f.name))
			if p, err := Load(dir); err != nil || !f.has(p, "one") {
				t.Fatalf("Load through the link: %v", err)
			}
			r, _ := watch(t, dir)

			write(target, "two") // in place
			r.waitFor(t, "the target's edit", loaded(f.has, "two"))

			write(target+".swp", "three") // an editor's save: a new file renamed over the target
			if err := os.Rename(target+".swp", target); err != nil {
				t.Fatal(err)
			}
			r.waitFor(t, "the target replaced by rename", loaded(f.has, "three"))

			other := filepath.Join(t.TempDir(), "other.json")
			write(other, "four")
			repoint(t, other, filepath.Join(dir, f.name))
			r.waitFor(t, "the re-pointed link", loaded(f.has, "four"))

			write(other, "five") // the new target is watched now
			r.waitFor(t, "the new target's edit", loaded(f.has, "five"))
		})
	}
}

// TestWatcherFollowsALinkChain: bgfetch.config.json → a link in a second folder → a file in a third;
// an edit at the end of the chain reloads, and so does re-pointing the link in the middle.
func TestWatcherFollowsALinkChain(t *testing.T) {
	dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig})
	mid, end := t.TempDir(), t.TempDir()
	writeFiles(t, end, map[string]string{"a.json": tokenConfig("chain1"), "b.json": tokenConfig("other")})
	symlink(t, filepath.Join(end, "a.json"), filepath.Join(mid, "current.json"))
	rel, err := filepath.Rel(dir, filepath.Join(mid, "current.json"))
	if err != nil {
		t.Fatal(err)
	}
	symlink(t, rel, filepath.Join(dir, ConfigFile)) // a relative link
	r, _ := watch(t, dir)
	writeFiles(t, end, map[string]string{"a.json": tokenConfig("chain2")})
	r.waitFor(t, "the edit at the end of the chain", hasToken("chain2"))
	repoint(t, filepath.Join(end, "b.json"), filepath.Join(mid, "current.json"))
	r.waitFor(t, "the re-pointed middle link", hasToken("other"))
}

// TestWatcherDanglingLink: a link whose target does not exist yet is an error naming nothing wrong in
// the project; creating the target reloads.
func TestWatcherDanglingLink(t *testing.T) {
	dir := newProject(t, map[string]string{ProjectConfigFile: wxConfig})
	target := filepath.Join(t.TempDir(), "later.json")
	symlink(t, target, filepath.Join(dir, ConfigFile))
	r, _ := watch(t, dir)
	writeFiles(t, filepath.Dir(target), map[string]string{"later.json": tokenConfig("arrived")})
	r.waitFor(t, "the target created", hasToken("arrived"))
}

// TestWatcherRepointedProjectFolder: the project folder is a link; re-pointing it reloads from the new
// folder, whose edits then reload, while the old folder's edits no longer do.
func TestWatcherRepointedProjectFolder(t *testing.T) {
	a := newProject(t, map[string]string{ProjectConfigFile: wxConfig, ConfigFile: tokenConfig("inA")})
	b := newProject(t, map[string]string{ProjectConfigFile: wxConfig, ConfigFile: tokenConfig("inB")})
	link := filepath.Join(t.TempDir(), "project")
	symlink(t, a, link)
	r, _ := watch(t, link)
	writeFiles(t, a, map[string]string{ConfigFile: tokenConfig("inA2")})
	r.waitFor(t, "an edit in the first folder", hasToken("inA2"))

	repoint(t, b, link)
	c := r.waitFor(t, "the re-pointed folder", hasToken("inB"))
	if c.p.Dir != link {
		t.Errorf("Dir = %s, want the folder as given, %s", c.p.Dir, link)
	}
	writeFiles(t, b, map[string]string{ConfigFile: tokenConfig("inB2")})
	r.waitFor(t, "an edit in the new folder", hasToken("inB2"))

	n := r.count()
	writeFiles(t, a, map[string]string{ConfigFile: tokenConfig("stale")})
	time.Sleep(4 * debounceDelay)
	if m := r.count(); m != n {
		t.Errorf("an edit in the old folder reloaded %d times", m-n)
	}

	// Re-pointed at nothing: an error, then back once the link points at a project again.
	repoint(t, filepath.Join(t.TempDir(), "gone"), link)
	r.waitFor(t, "an error for the dangling folder link", func(c call) bool { return c.err != nil })
	repoint(t, a, link)
	r.waitFor(t, "the folder link back on the first folder", hasToken("stale"))
}
