package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
)

// printHelp lists the commands and every setting with its variable.
func printHelp(w io.Writer) {
	fmt.Fprintln(w, "contactd — contact-centre tickets for the mypension and mycareer portals")
	fmt.Fprintln(w, "\nUsage: contactd COMMAND [flags]")
	fmt.Fprintln(w, "\nCommands:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nSettings (flag, or the environment variable when the flag is not given):")
	var m Main
	fs := m.Config.flagSet("help")
	settings := map[string]bool{}
	fs.VisitAll(func(f *flag.Flag) { settings[f.Name] = true })
	userFlagsOf(&m)(fs)
	mailFlagsOf(&m)(fs)
	fs.VisitAll(func(f *flag.Flag) {
		def := ""
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
			def = " (default " + f.DefValue + ")"
		}
		env := envName(f.Name)
		if !settings[f.Name] {
			env = "(flag only)"
		}
		fmt.Fprintf(w, "  --%-20s %-30s %s%s\n", f.Name, env, f.Usage, def)
	})
}
