import type { ErrorCode } from '../app/errors.ts';

/** Locales the server answers in; zh-CN is the default. */
export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

/** Codes of failures found by the HTTP layer itself, before any use case runs. */
export type HttpOnlyCode =
  | 'VALIDATION_FAILED'
  | 'RATE_LIMITED'
  | 'ROUTE_NOT_FOUND'
  | 'INTERNAL'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'BAD_REQUEST'
  | 'TEXT_NOT_STORABLE'
  | 'UPLOAD_MALFORMED'
  | 'INVALID_JSON'
  | 'EMPTY_JSON'
  | 'URL_TOO_LONG'
  | 'BAD_URL'
  | 'MALFORMED_REQUEST'
  | 'HEADERS_TOO_LARGE'
  | 'REQUEST_TIMEOUT'
  | 'AUTH_TOKEN_INVALID';
export type MessageCode = ErrorCode | HttpOnlyCode | `CALENDAR_${string}`;

/** Messages a person reads; `{name}` placeholders are filled from the error's params. */
export const MESSAGES: Record<Locale, Record<string, { title: string; detail: string }>> = {
  'zh-CN': {
    TICKET_INVALID_TRANSITION: {
      title: '当前状态不允许此操作',
      detail: '诉求当前状态为“{status}”，不能执行“{action}”。请刷新后重试。',
    },
    TICKET_FORBIDDEN: { title: '无权操作', detail: '您没有对该诉求执行“{action}”的权限。' },
    TICKET_REASON_REQUIRED: { title: '请填写原因', detail: '此操作需要填写原因。' },
    TICKET_TEXT_REQUIRED: { title: '内容不能为空', detail: '请填写“{field}”。' },
    TICKET_TEXT_TOO_LONG: { title: '内容过长', detail: '“{field}”最多 {limit} 个字。' },
    TICKET_DATE_IN_PAST: { title: '日期必须晚于现在', detail: '“{field}”必须是将来的日期。' },
    TICKET_RATING_OUT_OF_RANGE: { title: '评分无效', detail: '评分须为 1 到 5 的整数。' },
    TICKET_SAME_UNIT: { title: '单位未变化', detail: '诉求已由该单位办理，请选择其他单位。' },
    TICKET_MERGE_INTO_SELF: { title: '不能合并到自身', detail: '请选择另一件诉求作为合并目标。' },
    TICKET_MERGE_TARGET_CLOSED: { title: '合并目标已结束', detail: '只能合并到仍在办理或已办结的诉求。' },
    TICKET_REOPEN_WINDOW_CLOSED: {
      title: '已超过重新办理期限',
      detail: '办结后 {days} 天内且未自动关闭的诉求才能申请重新办理。',
    },
    TICKET_RATING_WINDOW_CLOSED: {
      title: '已超过评价期限',
      detail: '办结后 {days} 天内未评价的诉求按未评价关闭，不能再评价。',
    },
    TICKET_NO_PENDING_EXTENSION: { title: '没有待审批的延期', detail: '该诉求没有需要审批的延期申请。' },
    TICKET_UNIT_REQUIRED: { title: '缺少办理单位', detail: '该诉求没有办理单位。' },
    NO_LEADER_IN_CHARGE: {
      title: '没有分管校领导',
      detail: '该诉求的办理单位没有分管校领导，无法提交校领导。请先在“用户与角色”中为该单位指定分管校领导。',
    },
    TICKET_ESCALATION_MAX: { title: '无法继续升级', detail: '该诉求已处于可升级的最高层级。' },
    TICKET_NOT_DUE: { title: '尚未到期', detail: '该诉求尚未到达处理时限。' },
    TICKET_URGE_DEADLINE_LATER: {
      title: '督办期限不能晚于现行期限',
      detail:
        '新的期限不能晚于现行的答复期限（{current}）：督办只能把期限提前，不能为单位延期。现行期限已过时，督办可以另定新的期限。',
    },
    NOT_FOUND: { title: '未找到', detail: '请求的对象不存在。' },
    TICKET_NOT_FOUND: { title: '诉求不存在', detail: '未找到该诉求，或您无权查看。' },
    UNIT_NOT_FOUND: { title: '单位不存在', detail: '所选单位不存在或已停用。' },
    CATEGORY_NOT_FOUND: { title: '类别不存在', detail: '所选诉求类别不存在或已停用。' },
    USER_NOT_FOUND: { title: '用户不存在', detail: '未找到该用户。' },
    AUTH_REQUIRED: { title: '请先登录', detail: '此操作需要登录。' },
    AUTH_TOKEN_INVALID: {
      title: 'API 令牌无效',
      detail:
        '此 API 令牌无效：已被撤销、已过期、输入有误，或其账号已停用。请检查 Authorization 请求头，或登录后创建新的令牌。',
    },
    AUTH_INVALID_CREDENTIALS: { title: '登录失败', detail: '用户名或密码不正确。' },
    AUTH_CSRF: { title: '请求校验失败', detail: '缺少或错误的 X-CSRF-Token，请刷新页面后重试。' },
    FORBIDDEN: { title: '无权访问', detail: '您的角色无权进行此操作。' },
    AUTH_ACCOUNT_DISABLED: { title: '账号已停用', detail: '账号已停用，请联系管理员。' },
    TOKEN_NEEDS_SIGN_IN: {
      title: '需要登录后操作',
      detail: '不能用 API 令牌创建 API 令牌：请先登录（POST /api/auth/login），再用登录会话创建。',
    },
    ROLE_NEEDS_UNIT: {
      title: '角色需要指定单位',
      detail: '信息员、督查员和分管校领导角色必须指定所属单位，请为该角色选择单位。',
    },
    LAST_ADMIN: {
      title: '至少需要一名管理员',
      detail: '至少需要保留一名启用的管理员：请先为其他启用的用户授予管理员角色。',
    },
    CANNOT_DEACTIVATE_SELF: { title: '不能停用自己', detail: '不能停用自己的账号，请由其他管理员操作。' },
    CONFLICT: { title: '数据已被修改', detail: '该诉求刚被他人更新，请刷新后重试。' },
    DUPLICATE: { title: '已存在', detail: '“{field}”已被使用。' },
    IDEMPOTENCY_KEY_REUSED: { title: '幂等键重复使用', detail: '同一个 Idempotency-Key 已用于内容不同的提交。' },
    VALIDATION: { title: '输入有误', detail: '“{field}”的值无效。' },
    VALIDATION_REQUIRED: { title: '输入有误', detail: '请填写“{field}”。' },
    VALIDATION_TOO_SHORT: { title: '输入有误', detail: '“{field}”至少需要 {min} 个字符。' },
    VALIDATION_USERNAME: { title: '输入有误', detail: '“{field}”须为 2 到 64 个字母、数字或 _ . @ - 字符。' },
    VALIDATION_ONE_OF: { title: '输入有误', detail: '“{field}”须为以下之一：{allowed}。' },
    VALIDATION_UNKNOWN: { title: '输入有误', detail: '不支持的字段：{name}。' },
    VALIDATION_OBJECT: { title: '输入有误', detail: '请求内容须为 JSON 对象（{…}）。' },
    VALIDATION_EMAIL: { title: '输入有误', detail: '“{field}”须为有效的电子邮件地址。' },
    VALIDATION_DATE_TIME: {
      title: '输入有误',
      detail: '“{field}”须为带时区的 ISO 8601 时间，例如 2025-09-30T10:00:00+08:00。',
    },
    VALIDATION_DATE_TIME_PLUS: {
      title: '输入有误',
      detail:
        '“{field}”的时区前的“+”在网址中被当作了空格：请写成 %2B（如 2025-09-30T10:00:00%2B08:00），或用 UTC 时间加 Z（如 2025-09-30T02:00:00Z）。',
    },
    VALIDATION_DATE: { title: '输入有误', detail: '“{field}”须为 YYYY-MM-DD 格式的有效日期。' },
    VALIDATION_TOO_LONG: { title: '输入有误', detail: '“{field}”最多 {max} 个字符。' },
    VALIDATION_TOO_MANY: { title: '输入有误', detail: '“{field}”最多 {max} 项。' },
    VALIDATION_INT_RANGE: { title: '输入有误', detail: '“{field}”须为 {min} 到 {max} 之间的整数。' },
    VALIDATION_RANGE: { title: '输入有误', detail: '“{field}”须在 {min} 到 {max} 之间。' },
    VALIDATION_AT_LEAST: { title: '输入有误', detail: '“{field}”不能小于 {min}。' },
    VALIDATION_AT_MOST: { title: '输入有误', detail: '“{field}”不能大于 {max}。' },
    VALIDATION_INTEGER: { title: '输入有误', detail: '“{field}”须为整数。' },
    VALIDATION_BOOLEAN: { title: '输入有误', detail: '“{field}”须为 true 或 false。' },
    VALIDATION_YEAR_RANGE: { title: '输入有误', detail: '“{field}”须在 {min} 年到 {max} 年之间。' },
    VALIDATION_ROLE_TAKES_NO_UNIT: {
      title: '该角色不能指定单位',
      detail: '全局督办员和系统管理员角色面向全校，不能指定单位：请把 {role} 角色的 unitId 设为 null。',
    },
    VALIDATION_ACCEPT_AFTER_RESOLVE: {
      title: '输入有误',
      detail: '受理时限（{accept} 个工作日）不能长于办结时限（{resolve} 个工作日）。',
    },
    VALIDATION_FAILED: { title: '输入有误', detail: '请求内容不符合要求：{summary}' },
    VALIDATION_BEFORE_FROM: {
      title: '输入有误',
      detail: '“{field}”（{to}）早于起始日期（{from}）：范围须在起始日期当天或之后结束。',
    },
    VALIDATION_RANGE_TOO_LONG: {
      title: '输入有误',
      detail: '“{field}”最多比起始日期晚 {max} 天，而 {to} 比 {from} 晚 {days} 天：请缩小范围。',
    },
    CALENDAR_FILE_INVALID: { title: '日历文件有误', detail: '日历文件中有 {count} 处错误，未做任何修改。' },
    CALENDAR_FILE_EMPTY: { title: '日历文件为空', detail: '日历文件中没有任何日期，未做任何修改。' },
    CALENDAR_YEAR_INCOMPLETE: {
      title: '载入会使完整的年份变得不完整',
      detail:
        '未做任何修改：{summary}如确要用这个文件替换整年，请在请求中加上 "replaceIncomplete": true（命令行：calendar load --force）。',
    },
    CALENDAR_YEAR_WOULD_BE_PARTIAL: {
      title: '年份会变得不完整',
      detail:
        '{year} 年的官方安排目前是完整的，而文件中 {year} 年只有 {off} 个放假日、{on} 个调休上班日（完整的一年至少有 {min} 个放假日），载入会用它替换 {year} 年的全部官方安排。',
    },
    CALENDAR_BAD_DATE: { title: '日期无效', detail: '第 {line} 行：日期无效。' },
    CALENDAR_BAD_KIND: { title: '类型无效', detail: '第 {line} 行：类型须为 off（休息）或 on（上班）。' },
    CALENDAR_BAD_RANGE: { title: '日期范围无效', detail: '第 {line} 行：日期范围无效。' },
    CALENDAR_BAD_LINE: { title: '格式无效', detail: '第 {line} 行：无法识别。' },
    CALENDAR_DUPLICATE_DATE: { title: '日期重复', detail: '第 {line} 行：日期重复。' },
    IMPORT_INVALID: { title: '导入文件有误', detail: '文件无法读取。' },
    UPLOAD_TOO_LARGE: {
      title: '图片过大',
      detail: '每张图片最大 {limit} MB，一次上传合计最大 {total} MB。请压缩后重试。',
    },
    UPLOAD_TOO_MANY: { title: '图片过多', detail: '一次最多上传 {limit} 张图片。' },
    UPLOAD_TYPE_NOT_ALLOWED: {
      title: '不支持的图片格式',
      detail: '“{name}”不是支持的图片格式（支持 {allowed}），请选择照片后重试。',
    },
    UPLOAD_UNREADABLE: { title: '图片无法读取', detail: '“{name}”已损坏或无法解码，请重新拍摄或选择其他图片。' },
    UPLOAD_TOO_MANY_PIXELS: {
      title: '图片像素过多',
      detail: '“{name}”超过 {megapixels} 百万像素，请缩小后再上传（手机相册中的“编辑”或截图即可）。',
    },
    UPLOAD_NOT_FOUND: {
      title: '图片不可用',
      detail: '所附图片不存在、不是您上传的，或已用于其他诉求。请重新上传。',
    },
    UPLOAD_MULTIPART_REQUIRED: {
      title: '请以表单上传',
      detail: '上传图片须使用 multipart/form-data，文件字段名为 file。',
    },
    RATE_LIMITED: { title: '请求过于频繁', detail: '请稍后再试。' },
    ROUTE_NOT_FOUND: { title: '接口不存在', detail: '没有这个接口：{method} {url}' },
    INTERNAL: { title: '服务器内部错误', detail: '服务器出了问题，请稍后重试。请求编号：{requestId}' },
    PAYLOAD_TOO_LARGE: { title: '内容过大', detail: '请求内容超过了大小限制。' },
    UNSUPPORTED_MEDIA_TYPE: { title: '不支持的内容类型', detail: '请以 JSON 格式提交。' },
    BAD_REQUEST: { title: '请求无效', detail: '请求无法解析，请检查后重试。' },
    INVALID_JSON: { title: 'JSON 格式错误', detail: '请求内容不是有效的 JSON，请检查括号、引号和逗号。' },
    EMPTY_JSON: { title: '请求内容为空', detail: '请求声明为 JSON，但内容为空；请提交一个 JSON 对象。' },
    URL_TOO_LONG: { title: '编号过长', detail: '地址中的编号或参数过长，请检查链接是否完整正确。' },
    BAD_URL: { title: '地址无效', detail: '地址中含有无法解析的字符编码，请检查链接是否完整正确。' },
    MALFORMED_REQUEST: {
      title: '请求无法解析',
      detail: '请求行或请求头格式错误；地址中的中文等非 ASCII 字符须经百分号编码（如 %E7%83%AD）。',
    },
    HEADERS_TOO_LARGE: { title: '请求头过大', detail: '请求头超过了大小限制。' },
    REQUEST_TIMEOUT: { title: '请求超时', detail: '请求未能在时限内发送完毕，请重试。' },
    TEXT_NOT_STORABLE: {
      title: '含有无法保存的字符',
      detail: '“{field}”含有无法保存的字符（如空字符 U+0000 或不成对的代理字符），请删除后重试。',
    },
    UPLOAD_MALFORMED: {
      title: '上传内容无法读取',
      detail: '上传的表单数据不完整或格式错误，无法读取。请重新选择图片后再上传。',
    },
  },
  'en-US': {
    TICKET_INVALID_TRANSITION: {
      title: 'Not allowed in this state',
      detail: 'The request is "{status}"; "{action}" is not possible now. Refresh and try again.',
    },
    TICKET_FORBIDDEN: { title: 'Not permitted', detail: 'You may not perform "{action}" on this request.' },
    TICKET_REASON_REQUIRED: { title: 'A reason is required', detail: 'Please give a reason for this action.' },
    TICKET_TEXT_REQUIRED: { title: 'Text is required', detail: 'Please fill in "{field}".' },
    TICKET_TEXT_TOO_LONG: { title: 'Text too long', detail: '"{field}" may have at most {limit} characters.' },
    TICKET_DATE_IN_PAST: { title: 'Date must be in the future', detail: '"{field}" must be a future date.' },
    TICKET_RATING_OUT_OF_RANGE: { title: 'Invalid rating', detail: 'Ratings are whole numbers from 1 to 5.' },
    TICKET_SAME_UNIT: { title: 'Same unit', detail: 'The request is already with this unit; choose another one.' },
    TICKET_MERGE_INTO_SELF: { title: 'Cannot merge into itself', detail: 'Choose another request to merge into.' },
    TICKET_MERGE_TARGET_CLOSED: {
      title: 'Merge target is finished',
      detail: 'A request can only be merged into one that is open or resolved.',
    },
    TICKET_REOPEN_WINDOW_CLOSED: {
      title: 'Too late to reopen',
      detail: 'A request can be reopened within {days} days of its resolution, unless it was closed unrated.',
    },
    TICKET_RATING_WINDOW_CLOSED: {
      title: 'Too late to rate',
      detail:
        'A request not rated within {days} days of its resolution is closed as unrated and can no longer be rated.',
    },
    TICKET_NO_PENDING_EXTENSION: {
      title: 'No extension to approve',
      detail: 'This request has no extension waiting for approval.',
    },
    TICKET_UNIT_REQUIRED: { title: 'No handling unit', detail: 'This request has no handling unit.' },
    NO_LEADER_IN_CHARGE: {
      title: 'No leader in charge',
      detail:
        'The handling unit of this request has no leader in charge to take it to. Assign one to the unit under Users and roles first.',
    },
    TICKET_ESCALATION_MAX: {
      title: 'Cannot escalate further',
      detail: 'This request is already at the highest level it can reach.',
    },
    TICKET_NOT_DUE: { title: 'Not due yet', detail: 'This request has not reached its time limit.' },
    TICKET_URGE_DEADLINE_LATER: {
      title: 'The new deadline is later than the one in force',
      detail:
        'An urge may not set a deadline later than the answer deadline in force ({current}): it may bring it forward, not grant the unit more time. Once that deadline has passed, an urge may set a new one.',
    },
    NOT_FOUND: { title: 'Not found', detail: 'The requested item does not exist.' },
    TICKET_NOT_FOUND: { title: 'Request not found', detail: 'This request does not exist or you may not see it.' },
    UNIT_NOT_FOUND: { title: 'Unit not found', detail: 'The chosen unit does not exist or is inactive.' },
    CATEGORY_NOT_FOUND: { title: 'Category not found', detail: 'The chosen category does not exist or is inactive.' },
    USER_NOT_FOUND: { title: 'User not found', detail: 'No such user.' },
    AUTH_REQUIRED: { title: 'Please sign in', detail: 'You need to sign in for this.' },
    AUTH_TOKEN_INVALID: {
      title: 'Invalid API token',
      detail:
        'This API token is not valid: revoked, expired or mistyped, or its account is deactivated. Check the Authorization header, or sign in and create a new token.',
    },
    AUTH_INVALID_CREDENTIALS: { title: 'Sign-in failed', detail: 'The username or password is wrong.' },
    AUTH_CSRF: {
      title: 'Request check failed',
      detail: 'The X-CSRF-Token header is missing or wrong; reload the page and try again.',
    },
    FORBIDDEN: { title: 'Not permitted', detail: 'Your role does not allow this.' },
    AUTH_ACCOUNT_DISABLED: {
      title: 'Account disabled',
      detail: 'This account is disabled; contact an administrator.',
    },
    TOKEN_NEEDS_SIGN_IN: {
      title: 'Sign-in required',
      detail: 'An API token cannot create API tokens: sign in (POST /api/auth/login) and create it with that session.',
    },
    ROLE_NEEDS_UNIT: {
      title: 'The role needs a unit',
      detail: 'The roles Officer, Inspector and Leader in charge need a unit; choose one for the role.',
    },
    LAST_ADMIN: {
      title: 'An admin must remain',
      detail: 'At least one active admin must remain: give another active user the admin role first.',
    },
    CANNOT_DEACTIVATE_SELF: {
      title: 'Cannot deactivate yourself',
      detail: 'You cannot deactivate your own account; another admin must do it.',
    },
    CONFLICT: { title: 'Changed meanwhile', detail: 'Someone else just updated this request; refresh and try again.' },
    DUPLICATE: { title: 'Already exists', detail: '"{field}" is already in use.' },
    IDEMPOTENCY_KEY_REUSED: {
      title: 'Idempotency key reused',
      detail: 'This Idempotency-Key was already used for a different submission.',
    },
    VALIDATION: { title: 'Invalid input', detail: 'The value of "{field}" is not valid.' },
    VALIDATION_REQUIRED: { title: 'Invalid input', detail: 'Please fill in "{field}".' },
    VALIDATION_TOO_SHORT: { title: 'Invalid input', detail: '"{field}" needs at least {min} characters.' },
    VALIDATION_USERNAME: {
      title: 'Invalid input',
      detail: '"{field}" takes 2 to 64 letters, digits or the characters _ . @ -',
    },
    VALIDATION_ONE_OF: { title: 'Invalid input', detail: '"{field}" must be one of: {allowed}.' },
    VALIDATION_UNKNOWN: { title: 'Invalid input', detail: 'Unknown field "{name}".' },
    VALIDATION_OBJECT: { title: 'Invalid input', detail: 'The request body must be a JSON object ({…}).' },
    VALIDATION_EMAIL: { title: 'Invalid input', detail: '"{field}" must be a valid e-mail address.' },
    VALIDATION_DATE_TIME: {
      title: 'Invalid input',
      detail: '"{field}" must be an ISO 8601 time with an offset, such as 2025-09-30T10:00:00+08:00.',
    },
    VALIDATION_DATE_TIME_PLUS: {
      title: 'Invalid input',
      detail:
        'The "+" before the offset of "{field}" arrived as a space, as a "+" in a URL does: write it as %2B (2025-09-30T10:00:00%2B08:00), or give the time in UTC with Z (2025-09-30T02:00:00Z).',
    },
    VALIDATION_DATE: { title: 'Invalid input', detail: '"{field}" must be a valid date written YYYY-MM-DD.' },
    VALIDATION_TOO_LONG: { title: 'Invalid input', detail: '"{field}" may have at most {max} characters.' },
    VALIDATION_TOO_MANY: { title: 'Invalid input', detail: '"{field}" may have at most {max} items.' },
    VALIDATION_INT_RANGE: { title: 'Invalid input', detail: '"{field}" must be a whole number from {min} to {max}.' },
    VALIDATION_RANGE: { title: 'Invalid input', detail: '"{field}" must be from {min} to {max}.' },
    VALIDATION_AT_LEAST: { title: 'Invalid input', detail: '"{field}" must be at least {min}.' },
    VALIDATION_AT_MOST: { title: 'Invalid input', detail: '"{field}" must be at most {max}.' },
    VALIDATION_INTEGER: { title: 'Invalid input', detail: '"{field}" must be a whole number.' },
    VALIDATION_BOOLEAN: { title: 'Invalid input', detail: '"{field}" must be true or false.' },
    VALIDATION_YEAR_RANGE: { title: 'Invalid input', detail: '"{field}" must be between the years {min} and {max}.' },
    VALIDATION_ROLE_TAKES_NO_UNIT: {
      title: 'The role takes no unit',
      detail:
        'The roles Supervisor and Admin are institution-wide and take no unit: send unitId null for the {role} role.',
    },
    VALIDATION_ACCEPT_AFTER_RESOLVE: {
      title: 'Invalid input',
      detail:
        'The limit to accept ({accept} working day(s)) cannot be longer than the limit to resolve ({resolve} working day(s)).',
    },
    VALIDATION_FAILED: { title: 'Invalid input', detail: 'The request does not meet the requirements: {summary}' },
    VALIDATION_BEFORE_FROM: {
      title: 'Invalid input',
      detail: '"{field}" ({to}) is before the start ({from}): a range ends on or after the day it starts.',
    },
    VALIDATION_RANGE_TOO_LONG: {
      title: 'Invalid input',
      detail:
        '"{field}" may be at most {max} days after the start, but {to} is {days} days after {from}: ask for a shorter range.',
    },
    CALENDAR_FILE_INVALID: {
      title: 'Calendar file has errors',
      detail: 'The calendar file has {count} error(s); nothing was changed.',
    },
    CALENDAR_FILE_EMPTY: {
      title: 'Calendar file is empty',
      detail: 'The calendar file lists no days; nothing was changed.',
    },
    CALENDAR_YEAR_INCOMPLETE: {
      title: 'Loading would leave a complete year incomplete',
      detail:
        'Nothing was changed: {summary} To replace the whole year with this file anyway, send "replaceIncomplete": true (CLI: calendar load --force).',
    },
    CALENDAR_YEAR_WOULD_BE_PARTIAL: {
      title: 'The year would be incomplete',
      detail:
        "The official schedule for {year} is complete now, but the file lists only {off} day(s) off and {on} adjusted working day(s) for {year} (a whole year has at least {min} days off): loading it would replace all of {year}'s official schedule.",
    },
    CALENDAR_BAD_DATE: { title: 'Invalid date', detail: 'Line {line}: invalid date.' },
    CALENDAR_BAD_KIND: { title: 'Invalid kind', detail: 'Line {line}: kind must be off or on.' },
    CALENDAR_BAD_RANGE: { title: 'Invalid range', detail: 'Line {line}: invalid date range.' },
    CALENDAR_BAD_LINE: { title: 'Unreadable line', detail: 'Line {line}: not understood.' },
    CALENDAR_DUPLICATE_DATE: { title: 'Duplicate date', detail: 'Line {line}: date given twice.' },
    IMPORT_INVALID: { title: 'Import file has errors', detail: 'The file could not be read.' },
    UPLOAD_TOO_LARGE: {
      title: 'Image too large',
      detail:
        'Images may have at most {limit} MB each and {total} MB per upload. Please make them smaller and try again.',
    },
    UPLOAD_TOO_MANY: { title: 'Too many images', detail: 'You can upload at most {limit} images at once.' },
    UPLOAD_TYPE_NOT_ALLOWED: {
      title: 'Image type not supported',
      detail: '"{name}" is not a supported image type (accepted: {allowed}). Please choose a photo.',
    },
    UPLOAD_UNREADABLE: {
      title: 'Image cannot be read',
      detail: '"{name}" is damaged or cannot be decoded; take the photo again or choose another one.',
    },
    UPLOAD_TOO_MANY_PIXELS: {
      title: 'Image has too many pixels',
      detail:
        '"{name}" has more than {megapixels} megapixels. Please make it smaller (edit or screenshot it) and try again.',
    },
    UPLOAD_NOT_FOUND: {
      title: 'Photo not available',
      detail:
        'An attached photo does not exist, was not uploaded by you, or already belongs to another request. Please upload it again.',
    },
    UPLOAD_MULTIPART_REQUIRED: {
      title: 'Send a form upload',
      detail: 'Images must be sent as multipart/form-data in the field "file".',
    },
    RATE_LIMITED: { title: 'Too many requests', detail: 'Please try again in a moment.' },
    ROUTE_NOT_FOUND: { title: 'No such endpoint', detail: 'There is no endpoint {method} {url}' },
    INTERNAL: {
      title: 'Internal server error',
      detail: 'Something went wrong on the server; please try again later. Request id: {requestId}',
    },
    PAYLOAD_TOO_LARGE: { title: 'Too large', detail: 'The request body exceeds the size limit.' },
    UNSUPPORTED_MEDIA_TYPE: { title: 'Unsupported content type', detail: 'Please send JSON.' },
    BAD_REQUEST: { title: 'Bad request', detail: 'The request could not be read; check it and try again.' },
    INVALID_JSON: {
      title: 'Malformed JSON',
      detail: 'The request body is not valid JSON; check its brackets, quotes and commas.',
    },
    EMPTY_JSON: {
      title: 'Empty request body',
      detail: 'The request says it is JSON but its body is empty; send a JSON object.',
    },
    URL_TOO_LONG: {
      title: 'Id too long',
      detail: 'An id or parameter in the address is too long; check that the link is complete and correct.',
    },
    MALFORMED_REQUEST: {
      title: 'Request could not be read',
      detail:
        'The request line or headers are malformed; non-ASCII characters in the address must be percent-encoded (such as %E7%83%AD).',
    },
    HEADERS_TOO_LARGE: { title: 'Headers too large', detail: 'The request headers exceed the size limit.' },
    REQUEST_TIMEOUT: { title: 'Request timeout', detail: 'The request was not sent in time; please try again.' },
    BAD_URL: {
      title: 'Invalid address',
      detail:
        'The address contains a percent-encoding that cannot be read; check that the link is complete and correct.',
    },
    TEXT_NOT_STORABLE: {
      title: 'Contains characters that cannot be stored',
      detail:
        '"{field}" contains characters that cannot be stored (such as the null character U+0000 or an unpaired surrogate); remove them and try again.',
    },
    UPLOAD_MALFORMED: {
      title: 'The upload could not be read',
      detail: 'The uploaded form data is incomplete or malformed. Please choose the images again and upload them.',
    },
  },
};

/** Field names as people read them. */
export const FIELD_NAMES: Record<Locale, Record<string, string>> = {
  'zh-CN': {
    title: '标题',
    body: '内容',
    place: '地点',
    reason: '原因',
    text: '内容',
    question: '问题',
    message: '督办意见',
    promisedAt: '承诺日期',
    deadline: '新的期限',
    comment: '评价',
    attitude: '服务态度',
    quality: '办理质量',
    unitId: '单位',
    categoryId: '类别',
    intoTicketId: '合并目标',
    username: '用户名',
    password: '密码',
    displayName: '姓名',
    code: '编码',
    nameZh: '中文名称',
    nameEn: '英文名称',
    date: '日期',
    kind: '类型',
    days: '天数',
    from: '起始时间',
    to: '结束时间',
    grants: '角色',
    name: '名称',
    defaultUnitId: '默认单位',
    photoIds: '图片',
    file: '图片',
    id: '编号',
    promisedDate: '承诺日期',
    deadlineDate: '新的期限',
    cursor: '翻页位置',
    status: '状态',
    sort: '排序',
    limit: '每页条数',
    inbox: '列表',
    level: '升级层级',
    overdue: '是否超期',
    q: '关键词',
    email: '电子邮件',
    phone: '电话',
    active: '启用',
    outcome: '办理结果',
    solved: '是否解决',
    leadUnitId: '主办单位',
    coUnitIds: '协办单位',
    note: '备注',
    acceptDays: '受理时限',
    resolveDays: '办结时限',
    supervisorAfterDays: '报督查时限',
    leaderAfterDays: '报校领导时限',
    maxInterimDays: '阶段性答复最长期限',
    autoCloseDays: '自动关闭期限',
    reopenDays: '重新办理期限',
    policy: '时限规则',
  },
  'en-US': {
    promisedDate: 'promised date',
    // The use case's names of the two dates (the request sends promisedDate and deadlineDate).
    promisedAt: 'promised date',
    deadline: 'new deadline',
    deadlineDate: 'new deadline',
    cursor: 'cursor',
    status: 'status',
  },
};

/** Names of states and actions, for messages and the timeline. */
export const STATE_NAMES: Record<Locale, Record<string, string>> = {
  'zh-CN': {
    none: '未创建',
    pending: '待受理',
    processing: '办理中',
    awaiting_submitter: '待补充',
    dispatch: '待分派',
    resolved: '已办结',
    closed: '已关闭',
    withdrawn: '已撤回',
    merged: '已合并',
  },
  'en-US': {
    none: 'not created',
    pending: 'pending',
    processing: 'processing',
    awaiting_submitter: 'awaiting information',
    dispatch: 'awaiting dispatch',
    resolved: 'resolved',
    closed: 'closed',
    withdrawn: 'withdrawn',
    merged: 'merged',
  },
};

export const ACTION_NAMES: Record<Locale, Record<string, string>> = {
  'zh-CN': {
    submit: '提交',
    accept: '签收',
    reply_interim: '阶段性答复',
    approve_extension: '批准延期',
    reject_extension: '不批准延期',
    request_info: '请求补充信息',
    provide_info: '补充信息',
    resolve: '办结',
    return: '退回',
    reassign: '转派',
    set_co_handlers: '设置主办协办',
    urge: '督办',
    escalate: '升级',
    remind: '提醒',
    instruct: '批示',
    note: '内部备注',
    rate: '评价',
    reopen: '重新办理',
    withdraw: '撤回',
    merge: '合并',
    auto_close: '自动关闭',
    mark_excellent: '标记优秀案例',
  },
  'en-US': {
    submit: 'submit',
    accept: 'accept',
    reply_interim: 'interim reply',
    approve_extension: 'approve extension',
    reject_extension: 'turn down extension',
    request_info: 'request information',
    provide_info: 'provide information',
    resolve: 'resolve',
    return: 'return',
    reassign: 'reassign',
    set_co_handlers: 'set co-handling units',
    urge: 'urge',
    escalate: 'escalate',
    remind: 'remind',
    instruct: 'instruct',
    note: 'internal note',
    rate: 'rate',
    reopen: 'reopen',
    withdraw: 'withdraw',
    merge: 'merge',
    auto_close: 'auto-close',
    mark_excellent: 'mark as excellent case',
  },
};

/** A field's label; a nested path ("photoIds.1", "policy.acceptDays") takes its last named part's label. */
export function fieldName(locale: Locale, field: string): string {
  const names = FIELD_NAMES[locale];
  const own = names[field];
  if (own !== undefined || !field.includes('.')) return own ?? field;
  const last = field
    .split('.')
    .reverse()
    .find((p) => !/^\d+$/.test(p));
  return (last !== undefined ? names[last] : undefined) ?? field;
}

/**
 * The message of a code: a VALIDATION error that says which rule failed (`rule`: required,
 * too_short, username) gets that rule's plainer message; its code stays VALIDATION.
 */
function messageFor(locale: Locale, code: string, rule: string | number | undefined) {
  const specific =
    code === 'VALIDATION' && rule !== undefined
      ? MESSAGES[locale][`VALIDATION_${String(rule).toUpperCase()}`]
      : undefined;
  return specific ?? MESSAGES[locale][code] ?? MESSAGES[locale].INTERNAL!;
}

export function translate(locale: Locale, code: string, params: Record<string, string | number | undefined> = {}) {
  const m = messageFor(locale, code, params.rule);
  const fill = (s: string) =>
    s.replace(/\{(\w+)\}/g, (_, k: string) => {
      const v = params[k];
      if (v === undefined) return '';
      if (k === 'field') return fieldName(locale, String(v));
      if (k === 'status') return STATE_NAMES[locale][String(v)] ?? String(v);
      if (k === 'action') return ACTION_NAMES[locale][String(v)] ?? String(v);
      return String(v);
    });
  return { title: fill(m.title), detail: fill(m.detail) };
}
