/**
 * Everything the `nonglintong` command says to a person, in zh-CN (the default) and en-US: the
 * same approach as the server's src/http/messages.ts — plain catalogues keyed by a stable name,
 * `{name}` placeholders filled from values. The language comes from the environment
 * (src/cli/locale.ts). Machine-readable output (ISO instants, JSON log lines) is not here.
 */
import { type Locale, STATE_NAMES } from '../http/messages.ts';
import { localeFromEnv } from './locale.ts';

const EN_US = {
  // The program, its help and commander's own messages.
  'program.description': '农林通 Nonglintong — campus request and feedback platform',
  'program.helpAfterError': '(run with --help for usage)',
  'program.helpFooter':
    '\nConfiguration comes from the environment: DATA_DIR, SQLITE_FILE, DATABASE_URL, TIME_ZONE, END_OF_DAY, HOST, PORT, SEED_DEMO …\nLanguage: NONGLINTONG_LANG=zh-CN|en-US, else LC_ALL, LC_MESSAGES or LANG (en… is English, anything else Chinese).',
  'program.version': 'output the version number',
  'help.help': 'display help for command',
  'help.title.Usage:': 'Usage:',
  'help.title.Arguments:': 'Arguments:',
  'help.title.Options:': 'Options:',
  'help.title.Global Options:': 'Global Options:',
  'help.title.Commands:': 'Commands:',
  'commander.missingArgument': "error: missing required argument '{name}'",
  'commander.optionMissingArgument': "error: option '{option}' argument missing",
  'commander.missingMandatoryOptionValue': "error: required option '{option}' not specified",
  'commander.unknownOption': "error: unknown option '{option}'",
  'commander.unknownCommand': "error: unknown command '{name}'",
  'commander.excessArguments': "error: too many arguments for '{command}': expected {expected}, got {got}.",
  'commander.didYouMean': '(Did you mean {suggestion}?)',
  'error.line': 'Error: {message}',
  'warning.line': 'Warning: {message}',

  // Commands and options in --help.
  'help.serve':
    'start the web server (and its background jobs); on the first start of an empty database, seed the demo university (SEED_DEMO=false to skip)',
  'help.migrate': 'create or upgrade the database schema (every command also does this on start)',
  'help.seed': 'seed the demo university (units, categories, one account per role, ~200 requests over six months)',
  'help.seed.force':
    'seed even though the database has users (e.g. an admin made with `user add`), provided it has no units yet; a database with units is never touched, and demo usernames already taken get a -demo suffix',
  'help.sweep': 'run one escalation sweep: reminders, escalations and automatic closures due now',
  'help.sweep.now': 'sweep as of this ISO instant, e.g. 2025-10-11T00:00:00+08:00 (default: now)',
  'help.sweep.dryRun': 'report what would happen without writing anything',
  'help.sweep.future':
    'allow a --now in the future without --dry-run (its escalations and closings are written with that date)',
  'help.calendar': 'the working-day calendar',
  'help.calendar.due': 'print the deadline of a limit of N working days from an instant (ISO 8601 with offset)',
  'help.calendar.due.from': 'start instant, e.g. 2025-09-30T10:00:00+08:00',
  'help.calendar.due.days': 'working days, 0 to {max} (the starting day is not counted)',
  'help.calendar.load':
    "load a year's official schedule of days off and adjusted working days (replaces what was loaded for those years)",
  'help.calendar.load.file': 'text lines "2027-01-01..2027-01-03 off 元旦" or CSV "date,kind,note"; # starts a comment',
  'help.calendar.load.force':
    'replace a year that is complete now even though the file leaves it incomplete (too few days off)',
  'help.calendar.status': 'how far the official schedule reaches, and whether next year must be loaded',
  'help.user': 'manage local accounts',
  'help.user.add': 'create a user with a local password and roles',
  'help.user.add.username': 'sign-in name: 2–64 letters, digits or . _ @ -',
  'help.user.add.name': 'display name, e.g. 张三',
  'help.user.password': 'at least 8 characters; omit it to have one generated and printed once',
  'help.user.add.role':
    'officer:<unit code>, inspector:<unit code>, leader:<unit code>, supervisor or admin (repeatable)',
  'help.user.add.email': 'e-mail address',
  'help.user.add.phone': 'phone number',
  'help.user.add.kind': 'student or staff (default: student, as in the API and the import)',
  'help.user.resetPassword': "set a user's local password",
  'help.user.resetPassword.username': 'sign-in name of the user',
  'help.import':
    'import the directory from CSV files (header row; UTF-8, UTF-16 or GBK/GB18030); good rows are imported, rows already present left unchanged, bad rows reported; exit status 1 if any row was rejected',
  'help.import.units': 'import units; header: code,name_zh,name_en,kind (kind: department, college or other)',
  'help.import.users':
    'import users; header: username,display_name,email,phone,kind,roles,password — roles like officer:JWC;inspector:JWC;supervisor, a blank password means sign-in through SSO only',
  'help.import.file': 'CSV file',

  // serve, migrate, seed.
  'serve.firstStart':
    'First start on an empty database: seeded the demo university 东湖农林大学 (SEED_DEMO=false skips this).',
  'serve.listening': 'Nonglintong is listening on {url}',
  'serve.calendarRunningOut':
    'The official holiday schedule is known until {year} only ({days} days left): load {next} with "nonglintong calendar load <file>" or POST /api/calendar/schedule.',
  'seed.accounts': 'Demo sign-ins (the passwords are shown only now; write down the ones you need):',
  'seed.summary':
    'Seeded the demo university 东湖农林大学: {units} units, {categories} categories, {users} users, {tickets} requests',
  'seed.period': 'from {from} to {to}.',
  'seed.byState': 'Requests by state: {states}; escalated at least once: {escalated}.',
  'seed.stateCount': '{state} {count}',
  'seed.refused': 'Note: {count} planned action(s) were refused by the rules and skipped.',
  'migrate.done': 'Database is up to date: {database}',

  // sweep.
  'sweep.header': 'Sweep at {at}',
  'sweep.dryRun': ' (dry run: nothing written)',
  'sweep.examined': '  examined:    {count}',
  'sweep.reminded': '  reminded:    {count}',
  'sweep.escalated': '  escalated:   {count}',
  'sweep.autoClosed': '  auto-closed: {count}',
  'sweep.conflicts': '  left to another instance: {count}',

  // calendar.
  'calendar.loaded': 'Loaded {days} day(s) for {years}.',
  'calendar.partialYear':
    "{year} lists fewer than {min} days off: it looks partial, and the calendar keeps warning until the whole year's official schedule is loaded.",
  'calendar.timeZone': 'Time zone: {zone} (today {today})',
  'calendar.knownThrough': 'Official schedule known through {year} ({days} day(s) left).',
  'calendar.ranOut':
    'Warning: the schedule has run out; after {year} only weekends count as days off. Load the next year with `calendar load <file>`.',
  'calendar.loadSoon': 'Warning: load the {year} schedule soon with `calendar load <file>`.',

  // user.
  'user.kind.student': 'student',
  'user.kind.staff': 'staff',
  'user.kindInvalid': '--kind must be student or staff (got "{value}").',
  'user.created': 'Created user {username} ({name}, {kind}).',
  'user.createdWithRoles': 'Created user {username} ({name}, {kind}) with roles {roles}.',
  'user.password': 'Password (shown only now): {password}',
  'user.passwordChanged':
    'Password of {username} ({name}) changed; their sign-in sessions were ended (API tokens stay until revoked).',
  'user.newPassword': 'New password (shown only now): {password}',

  // import.
  'import.progressUnits': 'Importing units',
  'import.progressUsers': 'Importing users',
  'import.progressFormat': '{label} [{bar}] {value}/{total} rows',
  'import.readAsGb18030': 'The file is not UTF-8: read as GB18030 (GBK) text.',
  'import.summaryUnits':
    'Units: {imported} imported, {existing} already present, {rejected} rejected ({total} row(s) in the file).',
  'import.summaryUsers':
    'Users: {imported} imported, {existing} already present, {rejected} rejected ({total} row(s) in the file).',
  'import.existingItem': '{key} (row {row})',
  'import.existing': 'Already present, left unchanged: {items}.',
  'import.existingMore': 'Already present, left unchanged: {items} and {more} more.',
  'import.listSeparator': ', ',
  'import.rejectedHeader': 'Rejected rows:',
  'import.rejectedRow': '  row {row}: {message} [{code}]',
  'import.rejectedRowField': '  row {row}: {message} [{code}, {field}]',

  // A rejected row's reason (src/app/import/csv.ts RowReason); {column} is a CSV column.
  'row.column.code': 'the unit code',
  'row.column.name_zh': 'the Chinese name',
  'row.column.name_en': 'the English name',
  'row.column.username': 'the username',
  'row.column.display_name': 'the display name',
  'row.EXTRA_VALUES': 'the row has more values than the header has columns',
  'row.VALUE_MISSING': '{column} is missing',
  'row.VALUE_TOO_LONG': '{column} is longer than {max} characters',
  'row.CODE_INVALID': 'unit code "{value}" must be 1–40 letters, digits or . _ -',
  'row.UNIT_KIND_INVALID': 'kind "{value}" must be department, college or other',
  'row.CODE_REPEATED': 'unit code "{value}" already appears on row {first}',
  'row.CODE_EXISTS': 'unit code "{value}" already exists',
  'row.ROLE_UNKNOWN': 'unknown role "{role}" (roles are {roles})',
  'row.ROLE_NEEDS_UNIT': 'role {role} needs a unit code, e.g. {role}:JWC',
  'row.ROLE_UNIT_UNKNOWN': 'unknown unit code "{unit}" in {part}',
  'row.ROLE_TAKES_NO_UNIT': 'role {role} applies to the whole school and takes no unit',
  'row.USERNAME_INVALID': 'username "{value}" must be 2–64 letters, digits or . _ @ -',
  'row.EMAIL_INVALID': '"{value}" is not an e-mail address',
  'row.PHONE_INVALID': '"{value}" is not a phone number',
  'row.USER_KIND_INVALID': 'kind "{value}" must be student or staff',
  'row.PASSWORD_TOO_SHORT': 'the password must have at least {min} characters',
  'row.USERNAME_REPEATED': 'username "{value}" already appears on row {first}',
  'row.USERNAME_EXISTS': 'username "{value}" already exists',
  'row.EXISTS': '{field} already exists',
  'row.UNIT_NOT_FOUND': 'a unit it names does not exist',
  'row.INVALID': '{field} is not valid',
  'row.REFUSED': 'refused ({code})',
  'row.sentence': '{message}.',

  // Command-line values.
  'arg.instant':
    '{option} must be an ISO 8601 instant with its UTC offset, on a day that exists, e.g. 2025-09-30T10:00:00+08:00 (got "{value}").',
  'arg.instantYears': '{option} must be in the years {min} to {max} (got "{value}").',
  'sweep.futureNow':
    '--now {value} is in the future: a sweep then writes escalations and closings dated {value}, which cannot be undone. Add --dry-run to see what would happen, or --future if this database is meant for it.',
  'arg.wholeDays': '{option} must be a whole number of working days from 0 to {max} (got "{value}").',

  // Settings (src/config.ts ConfigError).
  'config.INTEGER': '{name} must be an integer between {min} and {max}, got "{value}"',
  'config.BOOLEAN': '{name} must be true or false, got "{value}"',
  'config.TRUST_PROXY':
    'TRUST_PROXY must be false, true, or the proxies\' addresses separated by commas (IP, CIDR, loopback, linklocal, uniquelocal), got "{value}"',
  'config.DATABASE_URL': 'DATABASE_URL must start with postgres:// (leave it unset to use the SQLite file)',
  'config.TIME_ZONE': 'TIME_ZONE "{value}" is not an IANA time zone',
  'config.END_OF_DAY': 'END_OF_DAY must be HH:mm:ss, got "{value}"',
  'config.LOG_LEVEL': 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
  'config.sentence': '{message} (check the environment variables)',

  // Files, the database, the port, the photo folder.
  'system.ENOENT': 'no such file or directory',
  'system.EACCES': 'permission denied',
  'system.EISDIR': 'it is a directory',
  'system.ENOTDIR': 'a part of the path is not a directory',
  'system.cannotRead': 'Cannot read {path}: {problem}.',
  'db.cannotConnect': 'Cannot connect to the database ({code}): {message}. Check DATABASE_URL.',
  'db.cannotOpenSqlite': 'Cannot open the SQLite database ({code}): {message}. Check DATA_DIR and SQLITE_FILE.',
  'db.network.ECONNREFUSED': 'connection refused',
  'db.network.ENOTFOUND': 'the host name is unknown',
  'db.network.EAI_AGAIN': 'the host name cannot be looked up now',
  'db.network.ETIMEDOUT': 'no answer (timed out)',
  'db.network.EHOSTUNREACH': 'the host is unreachable',
  'db.network.ENETUNREACH': 'the network is unreachable',
  'db.network.ECONNRESET': 'the connection was closed',
  'db.refusal.28P01': 'the password was refused',
  'db.refusal.28000': 'the sign-in was refused',
  'db.refusal.3D000': 'no such database',
  'db.refusal.57P03': 'the server is starting up or shutting down',
  'db.refusal.53300': 'too many connections',
  'db.cannotReach': 'Cannot reach PostgreSQL at {where}: {problem} (DATABASE_URL).',
  'db.refused': 'PostgreSQL at {where} refused the connection: {problem} (DATABASE_URL).',
  'db.sqlite': 'Cannot open the SQLite database {path}: {problem} (DATA_DIR, SQLITE_FILE).',
  'db.urlAddress': 'the DATABASE_URL address',
  'port.inUse': 'Port {port} is already in use on {host} (PORT).',
  'port.privileged': 'Port {port} needs more privileges than this user has (PORT).',
  'port.notLocal': 'Cannot listen on {host}: it is not an address of this machine (HOST).',
  'folder.EACCES': 'permission denied',
  'folder.EPERM': 'permission denied',
  'folder.EROFS': 'the file system is read-only',
  'folder.ENOTDIR': 'a part of the path is a file, not a folder',
  'folder.EEXIST': 'a file of that name is in the way',
  'folder.ENOSPC': 'no space left on the device',
  'folder.cannotStore': 'Cannot store photos in {dir}: {problem} (UPLOAD_DIR, DATA_DIR).',

  // Coded use-case errors (src/app/errors.ts), as the CLI meets them.
  'schedule.CALENDAR_BAD_DATE': '"{value}" is not a date or a range YYYY-MM-DD..YYYY-MM-DD',
  'schedule.CALENDAR_BAD_KIND': 'the kind must be off or on (休 or 班), not "{value}"',
  'schedule.CALENDAR_BAD_RANGE_LONG': 'the range {from}..{to} is longer than {max} days',
  'schedule.CALENDAR_BAD_RANGE': 'the range {from}..{to} ends before it starts',
  'schedule.CALENDAR_BAD_LINE': 'the CSV quoting is broken',
  'schedule.CALENDAR_DUPLICATE_DATE': '{date} is already listed on line {firstLine}',
  'schedule.line': '  line {line}: {problem}',
  'schedule.header': 'The calendar file has {count} problem(s); nothing was loaded:',
  'validation.days': '--days must be a whole number of working days from 0 to {max}.',
  'validation.from': '--from must be an instant such as 2025-09-30T10:00:00+08:00.',
  'validation.username': 'The username must be 2 to 64 letters, digits or the characters . _ @ -',
  'validation.password': 'The password must have at least {min} characters.',
  'validation.displayName': 'The display name (--name) must not be empty and may have at most 100 characters.',
  'validation.grants':
    'A role is not valid: use officer:<unit code>, inspector:<unit code>, leader:<unit code>, supervisor or admin.',
  'validation.code': 'The code must be 1 to 40 letters, digits or the characters . _ -',
  'validation.field': 'The value of {field} is not valid.',
  'validation.any': 'A value is not valid.',
  'csv.EMPTY': 'The CSV file is empty: it needs a header row.',
  'csv.MISSING_COLUMNS': 'The CSV header lacks the column(s): {columns}.',
  'csv.UNKNOWN_COLUMNS': 'The CSV header has column(s) this import does not know: {columns}.',
  'csv.DUPLICATE_COLUMN': 'The CSV header names the column {columns} twice.',
  'csv.invalid': 'The file is not valid CSV ({reason}); nothing was imported.',
  'csv.invalidNearLine': 'The file is not valid CSV ({reason} near line {line}); nothing was imported.',
  'encoding.onLine': ' on line {line}',
  'encoding.xlsx':
    'The file is an Excel workbook, not CSV: save it from the spreadsheet as "CSV UTF-8" and try again; nothing was imported.',
  'encoding.nul':
    'The file has NUL bytes, so it is not CSV text (UTF-16 without its byte-order mark, or a binary file): save it from the spreadsheet as "CSV UTF-8" and try again; nothing was imported.',
  'encoding.gb18030':
    'The file is neither UTF-8 (the first bytes that are not{where}) nor GBK/GB18030 text: save it from the spreadsheet as "CSV UTF-8" and try again; nothing was imported.',
  'encoding.utf16':
    'The file starts as UTF-16 but has broken bytes{where}: save it from the spreadsheet as "CSV UTF-8" and try again; nothing was imported.',
  'encoding.replacement':
    'The file holds the replacement character U+FFFD (\uFFFD){where}, the trace of an earlier wrong conversion: correct those names first; nothing was imported.',
  'app.NOT_FOUND': 'Not found.',
  'app.TICKET_NOT_FOUND': 'No such ticket.',
  'app.UNIT_NOT_FOUND': 'No such unit.',
  'app.UNIT_NOT_FOUND.role': 'A role names a unit code that does not exist.',
  'app.CATEGORY_NOT_FOUND': 'No such category.',
  'app.USER_NOT_FOUND': 'There is no user with that username.',
  'app.AUTH_REQUIRED': 'You must sign in first.',
  'app.AUTH_INVALID_CREDENTIALS': 'Wrong username or password.',
  'app.AUTH_CSRF': 'The request lacks its CSRF token.',
  'app.FORBIDDEN': 'You are not allowed to do that.',
  'app.CONFLICT.hasUsers':
    'The database already has users: the demo university is only seeded into an empty database. `seed --force` adds it to a database that has users but no units yet.',
  'app.CONFLICT.hasUnits':
    'The database already has {units} unit(s): the demo university is not mixed into a real directory, even with --force.',
  'app.CONFLICT': 'Someone else changed the same data at the same time; try again.',
  'app.DUPLICATE.username': 'A user with this username already exists.',
  'app.DUPLICATE.code': 'Something with this code already exists.',
  'app.DUPLICATE': 'This already exists.',
  'app.IDEMPOTENCY_KEY_REUSED': 'This idempotency key was already used for a different request.',
  'app.CALENDAR_FILE_EMPTY': 'The calendar file lists no days; nothing was loaded.',
  'app.CALENDAR_YEAR_INCOMPLETE':
    'The official schedule for {years} is complete now, and loading this file would replace the whole year with a partial one; nothing was loaded:',
  'app.CALENDAR_YEAR_INCOMPLETE.aYear': 'a year',
  'app.CALENDAR_YEAR_INCOMPLETE.year':
    '  {year}: the file lists only {off} day(s) off and {on} adjusted working day(s); a whole year has at least {min} days off.',
  'app.CALENDAR_YEAR_INCOMPLETE.force': 'To replace the whole year anyway, run calendar load again with --force.',
  'app.UPLOAD_TOO_LARGE': 'The image is too large (at most {limit} MB each, {total} MB per upload).',
  'app.UPLOAD_TOO_MANY': 'Too many images (at most {limit}).',
  'app.UPLOAD_TYPE_NOT_ALLOWED': '{name} is not a supported image ({allowed}).',
  'app.UPLOAD_UNREADABLE': '{name} cannot be decoded.',
  'app.UPLOAD_TOO_MANY_PIXELS': '{name} has more than {megapixels} megapixels.',
  'app.upload.aFile': 'The file',
  'app.upload.anImage': 'The image',
  'app.UPLOAD_NOT_FOUND': 'A photo does not exist, is not yours, or is already attached to a request.',
  'app.UPLOAD_MULTIPART_REQUIRED': 'Images must be sent as multipart/form-data.',
  'app.TICKET_INVALID_TRANSITION': 'A ticket that is {status} cannot take the action {action}.',
  'app.TICKET_INVALID_TRANSITION.anyState': 'This ticket’s state does not allow the action {action}.',
  'app.TICKET_FORBIDDEN': 'You may not {action} on this ticket.',
  'app.TICKET_FORBIDDEN.any': 'You may not do that on this ticket.',
  'app.TICKET_REASON_REQUIRED': 'A reason is required.',
  'app.TICKET_TEXT_REQUIRED': 'The {field} must not be empty.',
  'app.TICKET_TEXT_TOO_LONG': 'The {field} is longer than {limit} characters.',
  'app.TICKET_DATE_IN_PAST': 'The date must be in the future.',
  'app.TICKET_RATING_OUT_OF_RANGE': 'Ratings go from 1 to 5.',
  'app.TICKET_SAME_UNIT': 'The ticket is already with that unit.',
  'app.TICKET_MERGE_INTO_SELF': 'A ticket cannot be merged into itself.',
  'app.TICKET_MERGE_TARGET_CLOSED': 'A ticket can only be merged into an open or resolved one.',
  'app.TICKET_REOPEN_WINDOW_CLOSED': 'The time to reopen this ticket has passed.',
  'app.TICKET_RATING_WINDOW_CLOSED': 'The time to rate this ticket has passed ({days} days after its resolution).',
  'app.TICKET_NO_PENDING_EXTENSION': 'No extension is waiting for approval.',
  'app.TICKET_UNIT_REQUIRED': 'The ticket needs a unit first.',
  'app.TICKET_ESCALATION_MAX': 'The ticket is already at the highest escalation level.',
  'app.NO_LEADER_IN_CHARGE': 'The ticket’s unit has no leader in charge to take it to.',
  'app.TICKET_NOT_DUE': 'Nothing is due on this ticket yet.',
  'app.TICKET_URGE_DEADLINE_LATER':
    'An urge may not set a deadline later than the one in force ({current}), unless that one has passed.',
  'app.AUTH_ACCOUNT_DISABLED': 'This account is disabled; contact an administrator.',
  'app.TOKEN_NEEDS_SIGN_IN': 'An API token cannot create API tokens; sign in first.',
  'app.ROLE_NEEDS_UNIT': 'Role {role} needs a unit code, e.g. {role}:JWC.',
  'app.LAST_ADMIN': 'At least one active admin must remain.',
  'app.CANNOT_DEACTIVATE_SELF': 'You cannot deactivate your own account.',
} as const;

export type MessageKey = keyof typeof EN_US;

const ZH_CN: Record<MessageKey, string> = {
  'program.description': '农林通 Nonglintong — 校园诉求与反馈平台',
  'program.helpAfterError': '（加 --help 查看用法）',
  'program.helpFooter':
    '\n配置来自环境变量：DATA_DIR、SQLITE_FILE、DATABASE_URL、TIME_ZONE、END_OF_DAY、HOST、PORT、SEED_DEMO …\n语言：NONGLINTONG_LANG=zh-CN|en-US，未设置时看 LC_ALL、LC_MESSAGES、LANG（以 en 开头为英文，其余为中文）。',
  'program.version': '显示版本号',
  'help.help': '显示命令的帮助',
  'help.title.Usage:': '用法：',
  'help.title.Arguments:': '参数：',
  'help.title.Options:': '选项：',
  'help.title.Global Options:': '全局选项：',
  'help.title.Commands:': '命令：',
  'commander.missingArgument': "错误：缺少必需的参数 '{name}'",
  'commander.optionMissingArgument': "错误：选项 '{option}' 缺少取值",
  'commander.missingMandatoryOptionValue': "错误：未指定必需的选项 '{option}'",
  'commander.unknownOption': "错误：未知选项 '{option}'",
  'commander.unknownCommand': "错误：未知命令 '{name}'",
  'commander.excessArguments': "错误：'{command}' 的参数过多：应有 {expected} 个，实际 {got} 个。",
  'commander.didYouMean': '（是否要输入 {suggestion}？）',
  'error.line': '错误：{message}',
  'warning.line': '警告：{message}',

  'help.serve': '启动 Web 服务（及其后台任务）；空数据库首次启动时导入演示学校（SEED_DEMO=false 则跳过）',
  'help.migrate': '创建或升级数据库结构（每个命令启动时也会这样做）',
  'help.seed': '导入演示学校（单位、类别、每种角色一个账号、近六个月约 200 件诉求）',
  'help.seed.force':
    '数据库已有用户（例如用 `user add` 建的管理员）但还没有单位时也导入；有单位的数据库绝不改动，已被占用的演示用户名加 -demo 后缀',
  'help.sweep': '执行一次升级巡检：到期的提醒、升级和自动关闭',
  'help.sweep.now': '按这个 ISO 时刻巡检，例如 2025-10-11T00:00:00+08:00（默认：现在）',
  'help.sweep.dryRun': '只报告会发生什么，不写入任何数据',
  'help.sweep.future': '允许不加 --dry-run 使用未来的 --now（其升级和关闭记录会以该时间写入）',
  'help.calendar': '工作日日历',
  'help.calendar.due': '输出从某一时刻起 N 个工作日的时限截止时刻（ISO 8601，带时区偏移）',
  'help.calendar.due.from': '起始时刻，例如 2025-09-30T10:00:00+08:00',
  'help.calendar.due.days': '工作日天数，0 到 {max}（起始当天不计）',
  'help.calendar.load': '导入某一年官方的放假和调休安排（替换这些年份已导入的安排）',
  'help.calendar.load.file': '文本行 "2027-01-01..2027-01-03 off 元旦" 或 CSV "date,kind,note"；# 开头为注释',
  'help.calendar.load.force': '即使文件会让现已完整的年份变得不完整（休息日太少），也替换该年',
  'help.calendar.status': '官方放假安排覆盖到哪一年，是否需要导入下一年',
  'help.user': '管理本地账号',
  'help.user.add': '创建带本地密码和角色的用户',
  'help.user.add.username': '登录名：2–64 个字母、数字或 . _ @ -',
  'help.user.add.name': '姓名，例如 张三',
  'help.user.password': '至少 8 个字符；不填则自动生成并只显示一次',
  'help.user.add.role': 'officer:<单位编码>、inspector:<单位编码>、leader:<单位编码>、supervisor 或 admin（可重复）',
  'help.user.add.email': '电子邮件地址',
  'help.user.add.phone': '电话号码',
  'help.user.add.kind': 'student（学生）或 staff（教职工）（默认 student，与 API 和导入一致）',
  'help.user.resetPassword': '设置用户的本地密码',
  'help.user.resetPassword.username': '用户的登录名',
  'help.import':
    '从 CSV 文件导入组织机构和人员（带表头；UTF-8、UTF-16 或 GBK/GB18030）；导入正确的行，已存在的行保持不变，报告错误的行；有行被拒绝时退出状态为 1',
  'help.import.units': '导入单位；表头：code,name_zh,name_en,kind（kind：department、college 或 other）',
  'help.import.users':
    '导入用户；表头：username,display_name,email,phone,kind,roles,password — roles 形如 officer:JWC;inspector:JWC;supervisor，password 留空表示只能通过统一身份认证登录',
  'help.import.file': 'CSV 文件',

  'serve.firstStart': '空数据库首次启动：已导入演示学校 东湖农林大学（设置 SEED_DEMO=false 可跳过）。',
  'serve.listening': '农林通已在 {url} 上运行',
  'serve.calendarRunningOut':
    '官方放假安排只到 {year} 年（还剩 {days} 天）：请用 "nonglintong calendar load <文件>" 或 POST /api/calendar/schedule 导入 {next} 年的安排。',
  'seed.accounts': '演示账号（密码只显示这一次，请记下需要的）：',
  'seed.summary': '已导入演示学校 东湖农林大学：{units} 个单位，{categories} 个类别，{users} 个用户，{tickets} 件诉求',
  'seed.period': '时间从 {from} 到 {to}。',
  'seed.byState': '各状态诉求：{states}；至少升级过一次：{escalated} 件。',
  'seed.stateCount': '{state} {count}',
  'seed.refused': '注意：有 {count} 个计划中的操作被规则拒绝，已跳过。',
  'migrate.done': '数据库结构已是最新：{database}',

  'sweep.header': '巡检时刻 {at}',
  'sweep.dryRun': '（试运行：未写入任何数据）',
  'sweep.examined': '  检查：    {count}',
  'sweep.reminded': '  提醒：    {count}',
  'sweep.escalated': '  升级：    {count}',
  'sweep.autoClosed': '  自动关闭：{count}',
  'sweep.conflicts': '  留给另一个实例：{count}',

  'calendar.loaded': '已导入 {years} 年的 {days} 天。',
  'calendar.partialYear': '{year} 年的休息日少于 {min} 天，看起来不完整；在导入全年的官方安排之前，日历会一直提醒。',
  'calendar.timeZone': '时区：{zone}（今天 {today}）',
  'calendar.knownThrough': '官方放假安排已知到 {year} 年（还剩 {days} 天）。',
  'calendar.ranOut':
    '警告：放假安排已用完；{year} 年之后只有周末算休息日。请用 `calendar load <文件>` 导入下一年的安排。',
  'calendar.loadSoon': '警告：请尽快用 `calendar load <文件>` 导入 {year} 年的安排。',

  'user.kind.student': '学生',
  'user.kind.staff': '教职工',
  'user.kindInvalid': '--kind 必须是 student 或 staff（收到的是 "{value}"）。',
  'user.created': '已创建用户 {username}（{name}，{kind}）。',
  'user.createdWithRoles': '已创建用户 {username}（{name}，{kind}），角色：{roles}。',
  'user.password': '密码（只显示这一次）：{password}',
  'user.passwordChanged': '已修改 {username}（{name}）的密码；其登录会话已全部结束（API 令牌在撤销前仍然有效）。',
  'user.newPassword': '新密码（只显示这一次）：{password}',

  'import.progressUnits': '正在导入单位',
  'import.progressUsers': '正在导入用户',
  'import.progressFormat': '{label} [{bar}] {value}/{total} 行',
  'import.readAsGb18030': '文件不是 UTF-8：已按 GB18030（GBK）读取。',
  'import.summaryUnits': '单位：导入 {imported} 个，已存在 {existing} 个，拒绝 {rejected} 个（文件共 {total} 行）。',
  'import.summaryUsers': '用户：导入 {imported} 个，已存在 {existing} 个，拒绝 {rejected} 个（文件共 {total} 行）。',
  'import.existingItem': '{key}（第 {row} 行）',
  'import.existing': '已存在，保持不变：{items}。',
  'import.existingMore': '已存在，保持不变：{items} 等，另有 {more} 个。',
  'import.listSeparator': '、',
  'import.rejectedHeader': '被拒绝的行：',
  'import.rejectedRow': '  第 {row} 行：{message} [{code}]',
  'import.rejectedRowField': '  第 {row} 行：{message} [{code}, {field}]',

  'row.column.code': '单位编码',
  'row.column.name_zh': '中文名称',
  'row.column.name_en': '英文名称',
  'row.column.username': '用户名',
  'row.column.display_name': '姓名',
  'row.EXTRA_VALUES': '这一行的值比表头的列多',
  'row.VALUE_MISSING': '缺少{column}',
  'row.VALUE_TOO_LONG': '{column}超过 {max} 个字符',
  'row.CODE_INVALID': '单位编码 "{value}" 必须是 1–40 个字母、数字或 . _ -',
  'row.UNIT_KIND_INVALID': '类型 "{value}" 必须是 department、college 或 other',
  'row.CODE_REPEATED': '单位编码 "{value}" 已在第 {first} 行出现过',
  'row.CODE_EXISTS': '单位编码 "{value}" 已存在',
  'row.ROLE_UNKNOWN': '未知角色 "{role}"（角色有 {roles}）',
  'row.ROLE_NEEDS_UNIT': '角色 {role} 需要单位编码，例如 {role}:JWC',
  'row.ROLE_UNIT_UNKNOWN': '{part} 中的单位编码 "{unit}" 不存在',
  'row.ROLE_TAKES_NO_UNIT': '角色 {role} 面向全校，不带单位',
  'row.USERNAME_INVALID': '用户名 "{value}" 必须是 2–64 个字母、数字或 . _ @ -',
  'row.EMAIL_INVALID': '"{value}" 不是电子邮件地址',
  'row.PHONE_INVALID': '"{value}" 不是电话号码',
  'row.USER_KIND_INVALID': '类型 "{value}" 必须是 student 或 staff',
  'row.PASSWORD_TOO_SHORT': '密码至少需要 {min} 个字符',
  'row.USERNAME_REPEATED': '用户名 "{value}" 已在第 {first} 行出现过',
  'row.USERNAME_EXISTS': '用户名 "{value}" 已存在',
  'row.EXISTS': '{field} 已存在',
  'row.UNIT_NOT_FOUND': '其中的某个单位不存在',
  'row.INVALID': '{field} 的值无效',
  'row.REFUSED': '被拒绝（{code}）',
  'row.sentence': '{message}。',

  'arg.instant':
    '{option} 必须是带 UTC 偏移、日期真实存在的 ISO 8601 时刻，例如 2025-09-30T10:00:00+08:00（收到的是 "{value}"）。',
  'arg.instantYears': '{option} 必须在 {min} 年到 {max} 年之间（收到的是 "{value}"）。',
  'sweep.futureNow':
    '--now {value} 是未来的时间：这次扫描会写入日期为 {value} 的升级和关闭记录，且无法撤销。加 --dry-run 可只查看会发生什么；若这个数据库本就用于此，请加 --future。',
  'arg.wholeDays': '{option} 必须是 0 到 {max} 的整数个工作日（收到的是 "{value}"）。',

  'config.INTEGER': '{name} 必须是 {min} 到 {max} 之间的整数，收到的是 "{value}"',
  'config.BOOLEAN': '{name} 必须是 true 或 false，收到的是 "{value}"',
  'config.TRUST_PROXY':
    'TRUST_PROXY 必须是 false、true，或以逗号分隔的代理地址（IP、CIDR、loopback、linklocal、uniquelocal），收到的是 "{value}"',
  'config.DATABASE_URL': 'DATABASE_URL 必须以 postgres:// 开头（不设置则使用 SQLite 文件）',
  'config.TIME_ZONE': 'TIME_ZONE "{value}" 不是 IANA 时区',
  'config.END_OF_DAY': 'END_OF_DAY 必须是 HH:mm:ss，收到的是 "{value}"',
  'config.LOG_LEVEL': 'LOG_LEVEL 必须是 fatal、error、warn、info、debug、trace、silent 之一',
  'config.sentence': '{message}（请检查环境变量）',

  'system.ENOENT': '没有这个文件或目录',
  'system.EACCES': '没有权限',
  'system.EISDIR': '这是一个目录',
  'system.ENOTDIR': '路径中有一部分不是目录',
  'system.cannotRead': '无法读取 {path}：{problem}。',
  'db.cannotConnect': '无法连接数据库（{code}）：{message}。请检查 DATABASE_URL。',
  'db.cannotOpenSqlite': '无法打开 SQLite 数据库（{code}）：{message}。请检查 DATA_DIR 和 SQLITE_FILE。',
  'db.network.ECONNREFUSED': '连接被拒绝',
  'db.network.ENOTFOUND': '主机名未知',
  'db.network.EAI_AGAIN': '现在无法解析主机名',
  'db.network.ETIMEDOUT': '没有应答（超时）',
  'db.network.EHOSTUNREACH': '主机不可达',
  'db.network.ENETUNREACH': '网络不可达',
  'db.network.ECONNRESET': '连接被关闭',
  'db.refusal.28P01': '密码被拒绝',
  'db.refusal.28000': '登录被拒绝',
  'db.refusal.3D000': '没有这个数据库',
  'db.refusal.57P03': '服务器正在启动或关闭',
  'db.refusal.53300': '连接数过多',
  'db.cannotReach': '无法连接 {where} 上的 PostgreSQL：{problem}（DATABASE_URL）。',
  'db.refused': '{where} 上的 PostgreSQL 拒绝了连接：{problem}（DATABASE_URL）。',
  'db.sqlite': '无法打开 SQLite 数据库 {path}：{problem}（DATA_DIR、SQLITE_FILE）。',
  'db.urlAddress': 'DATABASE_URL 中的地址',
  'port.inUse': '{host} 上的端口 {port} 已被占用（PORT）。',
  'port.privileged': '端口 {port} 需要比当前用户更高的权限（PORT）。',
  'port.notLocal': '无法在 {host} 上监听：它不是本机的地址（HOST）。',
  'folder.EACCES': '没有权限',
  'folder.EPERM': '没有权限',
  'folder.EROFS': '文件系统是只读的',
  'folder.ENOTDIR': '路径中有一部分是文件而不是文件夹',
  'folder.EEXIST': '有同名文件挡在那里',
  'folder.ENOSPC': '设备上没有剩余空间',
  'folder.cannotStore': '无法在 {dir} 中保存图片：{problem}（UPLOAD_DIR、DATA_DIR）。',

  'schedule.CALENDAR_BAD_DATE': '"{value}" 不是日期，也不是 YYYY-MM-DD..YYYY-MM-DD 形式的日期范围',
  'schedule.CALENDAR_BAD_KIND': '类型必须是 off 或 on（休 或 班），不能是 "{value}"',
  'schedule.CALENDAR_BAD_RANGE_LONG': '日期范围 {from}..{to} 超过 {max} 天',
  'schedule.CALENDAR_BAD_RANGE': '日期范围 {from}..{to} 的结束早于开始',
  'schedule.CALENDAR_BAD_LINE': 'CSV 的引号不配对',
  'schedule.CALENDAR_DUPLICATE_DATE': '{date} 已在第 {firstLine} 行列出',
  'schedule.line': '  第 {line} 行：{problem}',
  'schedule.header': '日历文件有 {count} 处问题，未导入任何内容：',
  'validation.days': '--days 必须是 0 到 {max} 的整数个工作日。',
  'validation.from': '--from 必须是时刻，例如 2025-09-30T10:00:00+08:00。',
  'validation.username': '用户名必须是 2 到 64 个字母、数字或字符 . _ @ -',
  'validation.password': '密码至少需要 {min} 个字符。',
  'validation.displayName': '姓名（--name）不能为空，最多 100 个字符。',
  'validation.grants':
    '角色无效：请使用 officer:<单位编码>、inspector:<单位编码>、leader:<单位编码>、supervisor 或 admin。',
  'validation.code': '编码必须是 1 到 40 个字母、数字或字符 . _ -',
  'validation.field': '{field} 的值无效。',
  'validation.any': '有一个值无效。',
  'csv.EMPTY': 'CSV 文件是空的：需要一行表头。',
  'csv.MISSING_COLUMNS': 'CSV 表头缺少列：{columns}。',
  'csv.UNKNOWN_COLUMNS': 'CSV 表头有本次导入不认识的列：{columns}。',
  'csv.DUPLICATE_COLUMN': 'CSV 表头中列 {columns} 出现了两次。',
  'csv.invalid': '文件不是有效的 CSV（{reason}）；未导入任何内容。',
  'csv.invalidNearLine': '文件不是有效的 CSV（{reason}，在第 {line} 行附近）；未导入任何内容。',
  'encoding.onLine': '在第 {line} 行',
  'encoding.xlsx': '文件是 Excel 工作簿，不是 CSV：请在表格软件中另存为“CSV UTF-8”后重试；未导入任何内容。',
  'encoding.nul':
    '文件含有 NUL 字节，不是 CSV 文本（没有字节顺序标记的 UTF-16，或二进制文件）：请在表格软件中另存为“CSV UTF-8”后重试；未导入任何内容。',
  'encoding.gb18030':
    '文件既不是 UTF-8（第一处不符合的字节{where}），也不是 GBK/GB18030 文本：请在表格软件中另存为“CSV UTF-8”后重试；未导入任何内容。',
  'encoding.utf16':
    '文件以 UTF-16 开头，但有损坏的字节{where}：请在表格软件中另存为“CSV UTF-8”后重试；未导入任何内容。',
  'encoding.replacement':
    '文件{where}含有替换字符 U+FFFD（\uFFFD），这是此前错误转换留下的痕迹：请先改正这些名字；未导入任何内容。',
  'app.NOT_FOUND': '未找到。',
  'app.TICKET_NOT_FOUND': '没有这件诉求。',
  'app.UNIT_NOT_FOUND': '没有这个单位。',
  'app.UNIT_NOT_FOUND.role': '某个角色中的单位编码不存在。',
  'app.CATEGORY_NOT_FOUND': '没有这个类别。',
  'app.USER_NOT_FOUND': '没有这个用户名的用户。',
  'app.AUTH_REQUIRED': '请先登录。',
  'app.AUTH_INVALID_CREDENTIALS': '用户名或密码不正确。',
  'app.AUTH_CSRF': '请求缺少 CSRF 令牌。',
  'app.FORBIDDEN': '您无权这样做。',
  'app.CONFLICT.hasUsers':
    '数据库中已有用户：演示学校只导入空数据库。`seed --force` 可以把它导入已有用户但还没有单位的数据库。',
  'app.CONFLICT.hasUnits': '数据库中已有 {units} 个单位：即使加 --force，也不会把演示学校混入真实的组织机构。',
  'app.CONFLICT': '有人同时修改了同一数据，请重试。',
  'app.DUPLICATE.username': '这个用户名的用户已存在。',
  'app.DUPLICATE.code': '这个编码已被使用。',
  'app.DUPLICATE': '已存在。',
  'app.IDEMPOTENCY_KEY_REUSED': '这个幂等键已被另一个请求使用过。',
  'app.CALENDAR_FILE_EMPTY': '日历文件没有列出任何日期，未导入任何内容。',
  'app.CALENDAR_YEAR_INCOMPLETE':
    '{years} 年的官方安排现已完整，导入这个文件会用不完整的安排替换全年；未导入任何内容：',
  'app.CALENDAR_YEAR_INCOMPLETE.aYear': '某一',
  'app.CALENDAR_YEAR_INCOMPLETE.year':
    '  {year} 年：文件只列出 {off} 天休息日和 {on} 个调休工作日；完整的一年至少有 {min} 天休息日。',
  'app.CALENDAR_YEAR_INCOMPLETE.force': '如确要替换全年，请加 --force 再次运行 calendar load。',
  'app.UPLOAD_TOO_LARGE': '图片过大（每张最多 {limit} MB，每次上传最多 {total} MB）。',
  'app.UPLOAD_TOO_MANY': '图片过多（最多 {limit} 张）。',
  'app.UPLOAD_TYPE_NOT_ALLOWED': '{name} 不是支持的图片类型（{allowed}）。',
  'app.UPLOAD_UNREADABLE': '{name} 无法解码。',
  'app.UPLOAD_TOO_MANY_PIXELS': '{name} 超过 {megapixels} 百万像素。',
  'app.upload.aFile': '该文件',
  'app.upload.anImage': '该图片',
  'app.UPLOAD_NOT_FOUND': '某张图片不存在、不是您上传的，或已属于某件诉求。',
  'app.UPLOAD_MULTIPART_REQUIRED': '图片必须以 multipart/form-data 方式发送。',
  'app.TICKET_INVALID_TRANSITION': '处于“{status}”状态的诉求不能执行“{action}”。',
  'app.TICKET_INVALID_TRANSITION.anyState': '该诉求当前的状态不能执行“{action}”。',
  'app.TICKET_FORBIDDEN': '您不能对该诉求执行“{action}”。',
  'app.TICKET_FORBIDDEN.any': '您不能对该诉求这样做。',
  'app.TICKET_REASON_REQUIRED': '需要填写原因。',
  'app.TICKET_TEXT_REQUIRED': '“{field}”不能为空。',
  'app.TICKET_TEXT_TOO_LONG': '“{field}”超过 {limit} 个字。',
  'app.TICKET_DATE_IN_PAST': '日期必须晚于现在。',
  'app.TICKET_RATING_OUT_OF_RANGE': '评分为 1 到 5。',
  'app.TICKET_SAME_UNIT': '该诉求已由这个单位办理。',
  'app.TICKET_MERGE_INTO_SELF': '诉求不能合并到自身。',
  'app.TICKET_MERGE_TARGET_CLOSED': '只能合并到仍在办理或已办结的诉求。',
  'app.TICKET_REOPEN_WINDOW_CLOSED': '已超过该诉求重新办理的期限。',
  'app.TICKET_RATING_WINDOW_CLOSED': '已超过该诉求的评价期限（办结后 {days} 天）。',
  'app.TICKET_NO_PENDING_EXTENSION': '没有待审批的延期。',
  'app.TICKET_UNIT_REQUIRED': '该诉求需要先有办理单位。',
  'app.TICKET_ESCALATION_MAX': '该诉求已处于最高的升级层级。',
  'app.NO_LEADER_IN_CHARGE': '该诉求的办理单位没有可提交的分管校领导。',
  'app.TICKET_NOT_DUE': '该诉求尚无到期事项。',
  'app.TICKET_URGE_DEADLINE_LATER': '督办不能把期限定得晚于现行期限（{current}），除非现行期限已过。',
  'app.AUTH_ACCOUNT_DISABLED': '该账号已停用，请联系管理员。',
  'app.TOKEN_NEEDS_SIGN_IN': '不能用 API 令牌创建 API 令牌，请先登录。',
  'app.ROLE_NEEDS_UNIT': '角色 {role} 需要单位编码，例如 {role}:JWC。',
  'app.LAST_ADMIN': '至少需要保留一名启用的管理员。',
  'app.CANNOT_DEACTIVATE_SELF': '不能停用自己的账号。',
};

/** Both catalogues; a test checks that they have the same keys and the same placeholders. */
export const CLI_MESSAGES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = {
  'zh-CN': ZH_CN,
  'en-US': EN_US,
};

let current: Locale = localeFromEnv(process.env);

/** The language the command speaks (chosen once from the environment; tests may change it). */
export function cliLocale(): Locale {
  return current;
}

export function setCliLocale(locale: Locale): void {
  current = locale;
}

export type MessageParams = Readonly<Record<string, string | number | undefined>>;

/**
 * The message `key` in the command's language with its `{name}` placeholders filled. A
 * placeholder without a value is left as written (cli-progress fills {bar}, {value}, {total}).
 */
export function t(key: MessageKey, params: MessageParams = {}): string {
  return CLI_MESSAGES[current][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

/** A message whose key is built from a code (`row.${reason}`); undefined when there is none. */
export function tMaybe(key: string, params: MessageParams = {}): string | undefined {
  return key in EN_US ? t(key as MessageKey, params) : undefined;
}

/** A ticket state's name as people read it (the server's names: 待受理, pending …). */
export function stateName(state: string): string {
  return STATE_NAMES[current][state] ?? state;
}
