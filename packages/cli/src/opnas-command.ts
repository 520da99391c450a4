import { Command, type Option } from 'commander';

// An argument like "-1 0 0 …" (a flat ENAS string with a negative first number) starts with a
// dash, so commander takes it for an unknown option. An option name never contains whitespace:
// such an argument is always a value. `--` works too, as in every commander program.
const notAnOption = (arg: string): boolean => /^-\S*\s/.test(arg);
const MARK = '\u0000opnas-arg:';

/**
 * commander's `Command` that accepts dash-leading arguments containing whitespace as values
 * (`opnas dag check "-1 0 0"`), and formats every option's default the same way in `--help`:
 * `(default: 300)`, never a JSON-quoted string. Subcommands made with `.command()` are OpnasCommands too.
 */
export class OpnasCommand extends Command {
  override createCommand(name?: string): Command {
    return new OpnasCommand(name);
  }

  override parseOptions(argv: string[]): { operands: string[]; unknown: string[] } {
    const held: string[] = [];
    const masked = argv.map((arg, i) => {
      const end = argv.indexOf('--');
      if ((end >= 0 && i > end) || !notAnOption(arg) || this.takesValue(argv[i - 1])) return arg;
      held.push(arg);
      return `${MARK}${held.length - 1}`;
    });
    if (held.length === 0) return super.parseOptions(argv);
    const restore = (arg: string): string => (arg.startsWith(MARK) ? held[Number(arg.slice(MARK.length))]! : arg);
    const { operands, unknown } = super.parseOptions(masked);
    // Values of variadic options (`--arch <flat...>`) may have been masked too.
    for (const option of this.options) {
      const key = option.attributeName();
      const value: unknown = this.getOptionValue(key);
      if (Array.isArray(value) && value.some((v) => typeof v === 'string' && v.startsWith(MARK))) {
        this.setOptionValueWithSource(
          key,
          value.map((v: unknown) => (typeof v === 'string' ? restore(v) : v)),
          'cli',
        );
      }
    }
    return { operands: operands.map(restore), unknown: unknown.map(restore) };
  }

  /** Whether `arg` is an option of this command or an ancestor that takes the next argument as its value. */
  private takesValue(arg: string | undefined): boolean {
    if (arg === undefined) return false;
    for (let command: Command | null = this; command; command = command.parent) {
      const option = command.options.find((o: Option) => o.long === arg || o.short === arg);
      if (option) return option.required || option.optional;
    }
    return false;
  }
}
