import { cliCommand } from './cli-command';
import { UsageError } from './usage-error';

/** `provision`: a new committee's Google Sheet, shared and with its menu script. */
export const provisionCommand = cliCommand({
  name: 'provision',
  help: `provision --title 名称 --oauth-client client_secret.json --service-account EMAIL [--share 邮箱,邮箱] [--sample]
        为一个专委会新建 Google 表格：按模板建表、共享给服务账号和工作人员、创建绑定的菜单脚本；
        以管理员本人身份登录（浏览器授权，授权保存在 ~/.config/dual-coverage/）；
        若设了环境变量 SYNC_SIGNING_SECRET，同时打印这份表格的同步密钥。`,
  options: {
    title: { type: 'string' },
    'oauth-client': { type: 'string' },
    'service-account': { type: 'string' },
    share: { type: 'string' },
    sample: { type: 'boolean' },
    'google-root': { type: 'string' },
  },
  async run(values, io) {
    const { title } = values;
    const serviceAccountEmail = values['service-account'];
    if (!title || !serviceAccountEmail?.includes('@'))
      throw new UsageError('provision 需要 --title 专委会名称 和 --service-account 服务账号邮箱。');
    const clientFile = values['oauth-client'];
    if (!clientFile && !values['google-root'])
      throw new UsageError(
        'provision 需要 --oauth-client client_secret.json：管理员自己的“桌面应用”OAuth 客户端（服务账号不能创建表格）。',
      );
    const staffEmails = (values.share ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '');
    // googleapis takes a second and ~90 MB to load: only this command pays for it.
    const { provisionCommittee } = await import('./provision-committee');
    const { signInAdministrator } = await import('./sign-in-administrator');
    const done = await provisionCommittee({
      auth: clientFile ? await signInAdministrator(clientFile, io) : undefined,
      title,
      sample: values.sample === true,
      serviceAccountEmail,
      staffEmails,
      ...(io.env.SYNC_SIGNING_SECRET ? { signingSecret: io.env.SYNC_SIGNING_SECRET } : {}),
      ...(values['google-root'] ? { googleRoot: values['google-root'] } : {}),
    });
    io.stdout(
      [
        `已创建表格「${title}」：${done.spreadsheetUrl}`,
        `已共享给服务账号 ${serviceAccountEmail}${staffEmails.length > 0 ? ` 和 ${staffEmails.length} 位工作人员` : ''}（编辑者）`,
        `已创建绑定的菜单脚本（Apps Script 项目 ${done.scriptId}）`,
        done.sheetKey
          ? `这份表格的同步密钥：${done.sheetKey}`
          : '同步密钥：设好环境变量 SYNC_SIGNING_SECRET 后运行 npm run cli -- key --spreadsheet ' +
            done.spreadsheetId,
        '还差一步：打开表格，点菜单“两个全覆盖 → 同步设置…”（首次使用按提示授权脚本），填入 Worker 地址和上面的同步密钥，然后点“立即同步”。',
        '',
      ].join('\n'),
    );
  },
});
