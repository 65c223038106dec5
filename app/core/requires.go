package core

import (
	"github.com/bgfetch/devtools/app/platform"
	"github.com/bgfetch/devtools/app/project"
)

// Requirement is the oldest version a platform's document says a fetch type works on.
type Requirement = platform.Requirement

// Requires is the documented minimum for fetchType on the platform; ok is false when no document gives
// one (or the platform is unknown). The platform's Spec holds them.
func Requires(id project.Platform, fetchType string) (r Requirement, ok bool) {
	spec, err := platform.Lookup(id)
	if err != nil {
		return Requirement{}, false
	}
	r, ok = spec.Requires[fetchType]
	return r, ok
}

// RequirementRow is one documented minimum, for listing them all.
type RequirementRow struct {
	Platform  project.Platform
	FetchType string
	Requirement
}

// AllRequirements lists every documented minimum, platform by platform and fetch type by fetch type, in
// the registry's order.
func AllRequirements() []RequirementRow {
	var rows []RequirementRow
	for _, spec := range platform.All() {
		for _, ft := range spec.FetchTypes {
			if r, ok := spec.Requires[ft]; ok {
				rows = append(rows, RequirementRow{Platform: spec.ID, FetchType: ft, Requirement: r})
			}
		}
	}
	return rows
}
