/** What went wrong with a file, in the words staff read, by Node's error code. */
const READ_PROBLEMS: Record<string, string> = {
  ENOENT: '文件不存在',
  EISDIR: '这是一个文件夹，不是文件',
  ENOTDIR: '路径中有一段不是文件夹',
  EACCES: '没有读取它的权限',
  EPERM: '没有读取它的权限',
};
const WRITE_PROBLEMS: Record<string, string> = {
  ENOENT: '所在的文件夹不存在',
  EISDIR: '这是一个文件夹，不是文件',
  ENOTDIR: '路径中有一段不是文件夹',
  EACCES: '没有写入权限',
  EPERM: '没有写入权限',
  EROFS: '所在的磁盘是只读的',
  ENOSPC: '磁盘空间不足',
  EBUSY: '文件正被其他程序使用（请先在 Excel 或 WPS 中关闭它）',
};

/** A file the CLI could not read or write: one sentence naming the user's own path; exit 1. */
export class FileError extends Error {
  /** `problem` completes 「无法读取 PATH：…」 or 「无法写入 PATH：…」. */
  constructor(action: 'read' | 'write', path: string, problem: string) {
    super(`无法${action === 'read' ? '读取' : '写入'} ${path}：${problem}。`);
  }

  /** The FileError of a Node file-system error on `path`; other errors are returned as they are. */
  static of(error: unknown, action: 'read' | 'write', path: string): unknown {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code !== 'string' || !code.startsWith('E')) return error;
    const problems = action === 'read' ? READ_PROBLEMS : WRITE_PROBLEMS;
    return new FileError(action, path, problems[code] ?? `系统报告 ${code}`);
  }
}
