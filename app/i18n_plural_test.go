package app

import "testing"

func TestEnglishSingular(t *testing.T) {
	tr := &translator{choice: LangEnglish, en: map[string]string{
		"%d 个字段 · %d 个动作":   "%d fields · %d actions",
		"已清除 %d 条缓存数据":      "Cleared %d cached bodies",
		"共 %s 条，其中 %s 条有问题": "%s reports, %s with problems",
	}}
	for _, c := range []struct {
		got, want string
	}{
		{tr.F("%d 个字段 · %d 个动作", 1, 1), "1 field · 1 action"},
		{tr.F("%d 个字段 · %d 个动作", 11, 21), "11 fields · 21 actions"},
		{tr.F("%d 个字段 · %d 个动作", 0, 2), "0 fields · 2 actions"},
		{tr.F("已清除 %d 条缓存数据", 1), "Cleared 1 cached body"},
		{tr.F("共 %s 条，其中 %s 条有问题", "1", "1"), "1 report, 1 with problems"},
		{tr.F("共 %s 条，其中 %s 条有问题", "1,001", "0"), "1,001 reports, 0 with problems"},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
	zh := &translator{choice: LangChinese}
	if got := zh.F("%d 个字段 · %d 个动作", 1, 1); got != "1 个字段 · 1 个动作" {
		t.Errorf("Chinese: %q", got)
	}
}
