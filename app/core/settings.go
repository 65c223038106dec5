package core

import (
	"context"

	"github.com/bgfetch/devtools/storage"
)

// ErrNoSetting is what Setting's error wraps when the setting was never set.
var ErrNoSetting = storage.ErrNotFound

// Setting returns the value of a setting kept in the database, or an error wrapping ErrNoSetting when it
// was never set. Keys are namespaced by their owner ("bridge.key").
func (e *Engine) Setting(ctx context.Context, key string) (string, error) {
	return e.db.Setting(ctx, key)
}

// SetSetting sets (or replaces) a setting kept in the database.
func (e *Engine) SetSetting(ctx context.Context, key, value string) error {
	return e.db.SetSetting(ctx, key, value)
}
