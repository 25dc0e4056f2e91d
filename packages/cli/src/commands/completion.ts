import { existsSync } from "node:fs";
import { resolve } from "node:path";
import tab from "@bomb.sh/tab/commander";
import type { Command } from "commander";

/**
 * `hr-radar completion bash|zsh|fish|powershell`: a shell completion script. Built by
 * @bomb.sh/tab from commander's own command tree (commands, options, choices), so a new
 * command or option completes without further work; register it last. At each TAB the
 * script asks the CLI (`hr-radar complete -- <words>`, hidden) for the candidates.
 */
export function registerCompletion(program: Command): void {
  const completions = tab(program, { completionCommandName: "completion" });
  // `hr-radar alerts --status …` runs the default subcommand (`alerts list`): complete its options there too
  for (const parent of program.commands) {
    const fallback = parent.commands.find(
      (c) => (parent as unknown as { _defaultCommandName?: string })._defaultCommandName === c.name(),
    );
    const [from, to] = [
      completions.commands.get(`${parent.name()} ${fallback?.name()}`),
      completions.commands.get(parent.name()),
    ];
    if (from && to) for (const [name, option] of from.options) to.options.set(name, option);
  }
  const command = program.commands.find((c) => c.name() === "completion");
  if (!command) return;
  // The script calls the CLI back at each TAB: through the checkout's ./hr-radar (by its
  // absolute path, so it works from any directory and in a fresh shell) when there is one,
  // else through the `hr-radar` bin on PATH.
  const script = resolve(import.meta.dirname, "../../../../hr-radar");
  const executable = existsSync(script) ? script : "hr-radar";
  command
    .summary("print a shell completion script: source <(./hr-radar completion bash)")
    .addHelpText(
      "after",
      "\nbash: echo 'source <(/path/to/hr-radar completion bash)' >> ~/.bashrc\n" +
        "zsh:  echo 'source <(/path/to/hr-radar completion zsh)' >> ~/.zshrc\n" +
        "Completes `hr-radar …` and `./hr-radar …` (bash finds a command's completion by its basename).",
    )
    .action((shell: string) => completions.setup("hr-radar", executable, shell));
}
