package cli

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bgfetch/devtools/app/core"
	"github.com/bgfetch/devtools/app/platform"
	"github.com/bgfetch/devtools/app/project"
)

// check is the server's contract test for CI: every request the platform(s) would send, for real, each
// judged by the rules (core.Check). It opens no database: nothing is cached or recorded (--data is
// accepted, as by every verb, and unused).
func (c *command) check(ctx context.Context, args []string) int {
	fs := c.flags()
	platformFlag := fs.String("platform", "", "check as this platform would send ("+strings.Join(platform.IDs(), ", ")+") or all; default the project's")
	junit := fs.String("junit", "", "also write the cases as JUnit XML to this file")
	if !c.parse(args) {
		return ExitUsage
	}
	var platforms []project.Platform
	switch *platformFlag {
	case "":
	case "all":
		platforms = core.CheckPlatforms
	default:
		spec, err := platform.Lookup(project.Platform(*platformFlag))
		if err != nil {
			c.errorf("--platform: %v, or all", err)
			return ExitUsage
		}
		platforms = []project.Platform{spec.ID}
	}
	var junitFile *os.File
	if *junit != "" { // before anything is sent: a report that cannot be written is bad usage
		f, err := os.Create(*junit)
		if err != nil {
			c.errorf("--junit: %v", err)
			return ExitUsage
		}
		junitFile = f
		defer f.Close() // closed again below once written; this one is for the early returns
	}

	rep, err := core.Check(ctx, core.CheckOptions{ProjectDir: c.project, Platforms: platforms})
	m := c.masker()
	if rep != nil && rep.Project != nil && rep.Project.Token != nil && !c.includeSecrets {
		m = core.NewMasker(*rep.Project.Token)
	}
	if err != nil {
		if errors.Is(err, core.ErrNothingToCheck) && rep != nil {
			for _, cs := range rep.Cases {
				c.errorf("%s", m.String(cs.Name+": "+cs.Reason))
			}
		}
		c.errorf("%s", m.String(err.Error()))
		if junitFile != nil {
			junitFile.Close()
			os.Remove(*junit)
		}
		return ExitUsage
	}
	cases := make([]core.ContractCase, len(rep.Cases))
	for i, cs := range rep.Cases {
		cases[i] = m.ContractCase(cs)
	}
	pass, warn, fail := rep.Count()
	if c.jsonOut {
		c.printJSON(cases)
	} else {
		for _, cs := range cases {
			fprintf(c.env.Stdout, "%s  %s: %s\n", cs.Verdict, cs.Name, cs.Reason)
		}
		fprintf(c.env.Stdout, "%d %s: %d passed, %d with warnings, %d failed\n", len(cases), plural(int64(len(cases)), "case", "cases"), pass, warn, fail)
	}
	if junitFile != nil {
		err := writeJUnit(junitFile, cases)
		if cerr := junitFile.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			c.errorf("--junit: %v", err)
			return ExitFailed
		}
	}
	if fail > 0 {
		return ExitFailed
	}
	return ExitOK
}

// The JUnit XML that GitHub Actions (test-reporter actions), GitLab (artifacts:reports:junit) and Jenkins
// (the junit step) read: one testsuite per platform, one testcase per case, a failure element for FAIL,
// and the request and its warnings in system-out.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
	ms       int64
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func seconds(ms int64) string { return fmt.Sprintf("%.3f", float64(ms)/1000) }

// writeJUnit writes the (already masked) cases as JUnit XML. encoding/xml escapes the text and replaces
// characters XML cannot hold, so a server's error text cannot break the file.
func writeJUnit(w io.Writer, cases []core.ContractCase) error {
	out := junitSuites{Name: "bgfetch check"}
	index := map[string]int{}
	var total int64
	for _, cs := range cases {
		i, ok := index[cs.Platform]
		if !ok {
			i = len(out.Suites)
			index[cs.Platform] = i
			out.Suites = append(out.Suites, junitSuite{Name: "bgfetch check " + cs.Platform})
		}
		s := &out.Suites[i]
		class := "bgfetch." + cs.Platform
		if cs.FetchType != "" {
			class += "." + cs.FetchType
		}
		jc := junitCase{Name: cs.Name, Classname: class, Time: seconds(cs.DurationMs)}
		var sysout []string
		if cs.URL != "" {
			line := cs.Method + " " + cs.URL
			if cs.Sent {
				line += fmt.Sprintf(" → HTTP %d, %d bytes, %d ms", cs.Status, cs.Bytes, cs.DurationMs)
				if cs.ContentType != "" {
					line += ", Content-Type " + cs.ContentType
				}
			}
			sysout = append(sysout, line)
		}
		for _, wn := range cs.Warnings {
			sysout = append(sysout, "WARN: "+wn)
		}
		if cs.Verdict == core.CheckFail {
			jc.Failure = &junitFailure{Message: strings.Join(cs.Failures, "; "), Type: "FAIL", Text: strings.Join(cs.Failures, "\n")}
			s.Failures++
			out.Failures++
		} else if cs.Verdict == core.CheckPass && cs.Sent {
			sysout = append(sysout, "PASS: "+cs.Reason)
		}
		jc.SystemOut = strings.Join(sysout, "\n")
		s.Cases = append(s.Cases, jc)
		s.Tests++
		s.ms += cs.DurationMs
		out.Tests++
		total += cs.DurationMs
	}
	for i := range out.Suites {
		out.Suites[i].Time = seconds(out.Suites[i].ms)
	}
	out.Time = seconds(total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
