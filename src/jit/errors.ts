/** Bad input to a JIT operation (an unknown VM, a malformed address): the CLI exits 2 with the message. */
export class JitInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'JitInputError';
  }
}
