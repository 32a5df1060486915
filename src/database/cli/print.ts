/** CLI output: these scripts speak to the person at the terminal, not to the service's log. */
export function print(message: string): void {
  process.stdout.write(`${message}\n`);
}
