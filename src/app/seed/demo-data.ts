/**
 * The fictional 东湖农林大学 (Donghu A&F University): its units, categories, accounts and the
 * request templates the demo timelines are drawn from. Data only; demo.ts brings it to life.
 */
import type { Role } from '../../domain/actor.ts';
import type { EscalationPolicy } from '../../domain/escalation/policy.ts';
import type { Unit } from '../ports/store.ts';

export const DEMO_UNIVERSITY = { nameZh: '东湖农林大学', nameEn: 'Donghu A&F University' } as const;

export interface DemoUnit {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: Unit['kind'];
}

export const DEMO_UNITS: readonly DemoUnit[] = [
  { code: 'XZB', nameZh: '校长办公室', nameEn: "President's Office", kind: 'department' },
  { code: 'JWC', nameZh: '教务处', nameEn: 'Academic Affairs Office', kind: 'department' },
  { code: 'XSC', nameZh: '学生处', nameEn: 'Student Affairs Office', kind: 'department' },
  { code: 'HQC', nameZh: '后勤管理处', nameEn: 'Logistics Management Office', kind: 'department' },
  { code: 'BWC', nameZh: '保卫处', nameEn: 'Security Office', kind: 'department' },
  { code: 'XXZX', nameZh: '信息化中心', nameEn: 'IT Center', kind: 'department' },
  { code: 'TSG', nameZh: '图书馆', nameEn: 'Library', kind: 'department' },
  { code: 'CWC', nameZh: '财务处', nameEn: 'Finance Office', kind: 'department' },
  { code: 'RSC', nameZh: '人事处', nameEn: 'Human Resources Office', kind: 'department' },
  { code: 'YJSY', nameZh: '研究生院', nameEn: 'Graduate School', kind: 'department' },
  { code: 'GJC', nameZh: '国际合作处', nameEn: 'International Cooperation Office', kind: 'department' },
  { code: 'ZJC', nameZh: '招生就业处', nameEn: 'Admissions and Career Office', kind: 'department' },
  {
    code: 'HCXY',
    nameZh: '化学与材料工程学院',
    nameEn: 'College of Chemistry and Materials Engineering',
    kind: 'college',
  },
  { code: 'JGXY', nameZh: '经济管理学院', nameEn: 'School of Economics and Management', kind: 'college' },
  { code: 'LSXY', nameZh: '林业与生物技术学院', nameEn: 'College of Forestry and Biotechnology', kind: 'college' },
  { code: 'XXXY', nameZh: '信息工程学院', nameEn: 'School of Information Engineering', kind: 'college' },
  { code: 'HJXY', nameZh: '环境与资源学院', nameEn: 'College of Environment and Resources', kind: 'college' },
];

export interface DemoCategory {
  code: string;
  nameZh: string;
  nameEn: string;
  /** Unit code; null sends tickets of this category to the supervisors' dispatch queue. */
  defaultUnit: string | null;
}

export const DEMO_CATEGORIES: readonly DemoCategory[] = [
  { code: 'repair', nameZh: '后勤维修', nameEn: 'Repairs and Logistics', defaultUnit: 'HQC' },
  { code: 'teaching', nameZh: '教学教务', nameEn: 'Teaching and Academic Affairs', defaultUnit: 'JWC' },
  { code: 'network', nameZh: '网络信息', nameEn: 'Network and IT', defaultUnit: 'XXZX' },
  { code: 'safety', nameZh: '校园安全', nameEn: 'Campus Safety', defaultUnit: 'BWC' },
  { code: 'library', nameZh: '图书借阅', nameEn: 'Library Services', defaultUnit: 'TSG' },
  { code: 'finance', nameZh: '财务报销', nameEn: 'Finance and Reimbursement', defaultUnit: 'CWC' },
  { code: 'student', nameZh: '学生事务', nameEn: 'Student Affairs', defaultUnit: 'XSC' },
  { code: 'personnel', nameZh: '人事人才', nameEn: 'Personnel and Talent', defaultUnit: 'RSC' },
  { code: 'graduate', nameZh: '研究生事务', nameEn: 'Graduate Affairs', defaultUnit: 'YJSY' },
  { code: 'suggestion', nameZh: '建议', nameEn: 'Suggestions', defaultUnit: null },
  { code: 'other', nameZh: '其他', nameEn: 'Other', defaultUnit: null },
];

/** A few limits that differ from the defaults, as an institution would set them. */
export const DEMO_POLICIES: readonly {
  unit: string | null;
  category: string | null;
  policy: Partial<EscalationPolicy>;
}[] = [
  // Suggestions need study and often a budget: a longer first answer limit.
  { unit: null, category: 'suggestion', policy: { resolveDays: 5 } },
  // Logistics is the busiest unit: its leader in charge wants to hear of anything stuck.
  { unit: 'HQC', category: null, policy: { leaderAfterDays: 3 } },
];

export interface DemoAccountSpec {
  username: string;
  displayName: string;
  kind: 'student' | 'staff';
  email: string;
  grants: { role: Role; unit: string | null }[];
}

const mail = (u: string) => `${u}@demo.donghu.edu.cn`;

/** Officers of every unit that receives tickets; the one of 后勤 is plainly `officer`. */
const OFFICERS: readonly [string, string, string][] = [
  ['officer', '何建国', 'HQC'],
  ['officer.jwc', '陈晓燕', 'JWC'],
  ['officer.xsc', '林海峰', 'XSC'],
  ['officer.bwc', '赵卫东', 'BWC'],
  ['officer.it', '吴俊', 'XXZX'],
  ['officer.lib', '周静', 'TSG'],
  ['officer.cwc', '孙丽华', 'CWC'],
  ['officer.rsc', '郑敏', 'RSC'],
  ['officer.yjs', '马骏', 'YJSY'],
  ['officer.gjc', '黄思雨', 'GJC'],
  ['officer.zjc', '罗志强', 'ZJC'],
  ['officer.hc', '徐明', 'HCXY'],
  ['officer.jg', '朱婷', 'JGXY'],
  ['officer.ls', '胡志远', 'LSXY'],
  ['officer.xx', '高翔', 'XXXY'],
  ['officer.hj', '谢雨', 'HJXY'],
];

/** Departments watched by the second inspector; the first watches 后勤 and 教务处. */
const INSPECTOR2_UNITS = ['XSC', 'BWC', 'XXZX', 'TSG', 'CWC', 'RSC', 'YJSY', 'GJC', 'ZJC'];

export const DEMO_ACCOUNTS: readonly DemoAccountSpec[] = [
  { username: 'student', displayName: '王子涵', kind: 'student', email: mail('student'), grants: [] },
  { username: 'staff', displayName: '李明华', kind: 'staff', email: mail('staff'), grants: [] },
  ...OFFICERS.map(([username, displayName, unit]) => ({
    username,
    displayName,
    kind: 'staff' as const,
    email: mail(username),
    grants: [{ role: 'officer' as const, unit }],
  })),
  {
    username: 'inspector',
    displayName: '钱国平',
    kind: 'staff',
    email: mail('inspector'),
    grants: [
      { role: 'inspector', unit: 'HQC' },
      { role: 'inspector', unit: 'JWC' },
    ],
  },
  {
    username: 'inspector2',
    displayName: '冯丽娟',
    kind: 'staff',
    email: mail('inspector2'),
    grants: INSPECTOR2_UNITS.map((unit) => ({ role: 'inspector' as const, unit })),
  },
  {
    username: 'supervisor',
    displayName: '沈慧',
    kind: 'staff',
    email: mail('supervisor'),
    grants: [{ role: 'supervisor', unit: null }],
  },
  {
    username: 'leader',
    displayName: '杨振华',
    kind: 'staff',
    email: mail('leader'),
    grants: [
      { role: 'leader', unit: 'HQC' },
      { role: 'leader', unit: 'BWC' },
      { role: 'leader', unit: 'XXZX' },
    ],
  },
  {
    username: 'admin',
    displayName: '系统管理员',
    kind: 'staff',
    email: mail('admin'),
    grants: [{ role: 'admin', unit: null }],
  },
];

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢';
const GIVEN = [
  '浩然',
  '欣怡',
  '宇轩',
  '梓萱',
  '一诺',
  '思远',
  '佳怡',
  '俊杰',
  '雨桐',
  '晨阳',
  '诗琪',
  '明轩',
  '可馨',
  '博文',
  '若曦',
  '天佑',
  '紫涵',
  '家豪',
  '婉清',
  '子墨',
  '嘉怡',
  '昊天',
  '语嫣',
  '泽宇',
  '静怡',
  '皓轩',
  '梦琪',
  '文博',
  '心悦',
  '志豪',
];

/** Deterministic person names for the submitter pool. */
export function personName(i: number): string {
  const s = SURNAMES[(i * 7) % SURNAMES.length] as string;
  const g = GIVEN[(i * 11 + Math.floor(i / SURNAMES.length)) % GIVEN.length] as string;
  return s + g;
}

// ------------------------------------------------------------------------------------------
// Request templates. Placeholders in braces are filled from the pools below.

export const POOLS: Readonly<Record<string, readonly string[]>> = {
  dorm: [
    '东湖苑1幢',
    '东湖苑3幢',
    '东湖苑5幢',
    '东湖苑8幢',
    '竹园2幢',
    '竹园4幢',
    '竹园6幢',
    '银杏苑11幢',
    '银杏苑12幢',
    '研究生公寓B座',
  ],
  room: ['103', '206', '215', '305', '318', '412', '427', '509', '516', '618'],
  teach: ['明理楼', '求是楼', '格物楼', '致知楼', '东湖讲堂', '公共教学楼A区'],
  canteen: ['一食堂', '二食堂', '东湖餐厅', '清真餐厅', '竹园餐厅'],
  road: ['银杏大道', '樟树路', '东湖路', '北门到图书馆的小路', '体育馆旁边的林荫道', '竹园宿舍区南侧道路'],
  course: [
    '高等数学A(二)',
    '大学英语III',
    '林木育种学',
    '数据结构',
    '有机化学实验',
    '管理学原理',
    '概率论与数理统计',
    '植物生理学',
    '土壤学',
    '计量经济学',
  ],
  time: ['晚上九点以后', '早上七点左右', '中午十二点到一点', '每天傍晚', '周末全天'],
  days: ['三天', '一周', '两周', '好几天', '半个多月'],
};

export interface TicketTemplate {
  /** Category code; null when the submitter picks a unit directly. */
  category: string | null;
  /** Unit code the submitter picks directly (overrides the category's default unit). */
  unit?: string;
  who: 'student' | 'staff' | 'any';
  title: string;
  body: string;
  place?: string;
  /** How the unit answers; the first is the usual one. */
  resolution: string[];
  /** An answer of the "explained" kind (outside policy, with a way forward), when it fits. */
  explanation?: string;
  /** For misrouted requests: the unit that should have it, and the first unit's reason for returning it. */
  belongsTo?: { unit: string; reason: string };
  /** For dispatch and cross-unit requests: where the supervisors send it, and co-handling units. */
  routeTo?: { unit: string; co?: string[] };
}

export const TEMPLATES: readonly TicketTemplate[] = [
  // 后勤维修 → 后勤管理处
  {
    category: 'repair',
    who: 'student',
    title: '{dorm}热水时有时无',
    place: '{dorm}{room}',
    body: '{dorm}{room}寝室这{days}{time}热水经常放不出来，要放十几分钟才有温水，洗澡很不方便，麻烦尽快检修。',
    resolution: [
      '已安排维修师傅上门检查，更换了该楼热水循环泵的控制器，经测试热水供应已恢复正常。如仍有问题请再次反馈。',
      '经排查为楼顶太阳能热水系统水位传感器故障，已于今日更换，供水恢复正常。',
    ],
  },
  {
    category: 'repair',
    who: 'student',
    title: '{dorm}{room}空调不制冷',
    place: '{dorm}{room}',
    body: '寝室空调开了制冷模式但出风是热的，室内温度三十多度，晚上根本睡不着。之前打过报修电话，{days}了还没人来。',
    resolution: ['维修师傅已上门，检查发现空调缺少制冷剂，已补充并测试，制冷正常。报修延误向您致歉。'],
  },
  {
    category: 'repair',
    who: 'any',
    title: '{teach}{room}教室空调漏水',
    place: '{teach}{room}',
    body: '上课时空调一直往下滴水，前两排桌子都湿了，影响上课，希望尽快处理。',
    resolution: ['已清理空调排水管并更换接水盘，漏水问题已解决。'],
  },
  {
    category: 'repair',
    who: 'any',
    title: '{road}路灯不亮',
    place: '{road}',
    body: '{road}有好几盏路灯坏了{days}，晚上从自习室回宿舍很黑，存在安全隐患，希望尽快维修。',
    resolution: ['电工班已更换该路段6盏损坏的路灯灯头，并检修了线路，目前照明正常。'],
  },
  {
    category: 'repair',
    who: 'student',
    title: '{canteen}饭菜涨价但份量变少',
    place: '{canteen}',
    body: '最近{canteen}二楼的套餐涨价了两元，但份量明显变少，希望后勤能关注一下食堂的价格和份量。',
    resolution: ['饮食服务中心已约谈该窗口经营方，恢复原有份量标准，并在窗口公示价格和份量，欢迎同学们监督。'],
    explanation:
      '受食材采购成本上涨影响，该套餐价格经学校伙食管理委员会审议后调整。我们已要求窗口保证份量标准，同时{canteen}一楼保留了平价套餐，欢迎同学们监督。',
  },
  {
    category: 'repair',
    who: 'student',
    title: '{dorm}洗衣机扣费后不出水',
    place: '{dorm}一楼洗衣房',
    body: '洗衣房靠门那台洗衣机扫码付款后一直不进水，钱已经扣了，已经有好几个同学遇到同样的情况。',
    resolution: ['已联系洗衣机运营商维修进水阀，被扣费用将在三个工作日内原路退回。'],
  },
  {
    category: 'repair',
    who: 'student',
    title: '{dorm}{room}卫生间下水道堵塞',
    place: '{dorm}{room}',
    body: '卫生间下水道堵了，一洗澡地面就积水，还有异味，自己疏通不了。',
    resolution: ['维修师傅已上门疏通下水管道，并清理了存水弯，排水正常。'],
  },
  {
    category: 'repair',
    who: 'staff',
    title: '{teach}三楼饮水机没有热水',
    place: '{teach}三楼',
    body: '{teach}三楼东侧饮水机{days}没有热水了，老师和学生课间都没法接热水。',
    resolution: ['已更换饮水机加热管，恢复热水供应。'],
  },
  // 教学教务 → 教务处
  {
    category: 'teaching',
    who: 'student',
    title: '选课系统无法选{course}',
    body: '第二轮选课时，{course}显示有余量，但一直提示“选课冲突”，我的课表在那个时间段没有课，请帮忙处理。',
    resolution: ['经核查是系统中该课程的时间设置有误，已修正，并为您手动补选成功，请登录教务系统确认。'],
  },
  {
    category: 'teaching',
    who: 'student',
    title: '{course}期末考试与另一门考试时间冲突',
    body: '考试安排中{course}和我重修的课程安排在同一时间，请问应该怎么处理？',
    resolution: ['已为您安排{course}在同一考试周的缓考场次，具体时间地点已通过教务系统通知。'],
  },
  {
    category: 'teaching',
    who: 'student',
    title: '{course}成绩显示缺考',
    body: '教务系统上{course}的成绩显示为缺考，但我参加了考试，考场签到表上也签了名，请帮忙核实。',
    resolution: ['经与任课教师核对，系登分时漏录，成绩已更正，请查看。'],
  },
  {
    category: 'teaching',
    who: 'any',
    title: '{teach}{room}投影仪无法使用',
    place: '{teach}{room}',
    body: '{teach}{room}的投影仪开机后一直显示无信号，换了电脑也不行，已经影响了好几次上课。',
    resolution: ['已更换该教室的投影仪信号切换器，设备恢复正常使用。'],
  },
  {
    category: 'teaching',
    who: 'student',
    title: '转专业的绩点要求咨询',
    body: '想了解大一下学期转专业的报名时间和条件，学院通知里没有说清楚绩点要求，是否必须排名前30%？',
    resolution: [
      '转专业报名时间为每年5月，条件以当年《东湖农林大学全日制本科学生转专业管理办法》为准，绩点排名要求由各转入学院公布，详见教务处网站通知。',
    ],
    explanation:
      '根据《东湖农林大学全日制本科学生转专业管理办法》，转专业申请须由转入学院审核，绩点要求由转入学院确定，教务处无法单独调整。建议您关注转入学院5月发布的接收方案，有疑问可联系学院教学办。',
  },
  // 网络信息 → 信息化中心
  {
    category: 'network',
    who: 'student',
    title: '{dorm}校园网晚上频繁掉线',
    place: '{dorm}',
    body: '{time}宿舍校园网每隔几分钟就掉线一次，需要重新认证，上网课和写作业都受影响。',
    resolution: ['经排查为该楼汇聚交换机端口故障，已更换设备并优化了认证服务器配置，请再观察使用情况。'],
  },
  {
    category: 'network',
    who: 'any',
    title: '{teach}无线网络信号弱',
    place: '{teach}',
    body: '{teach}二楼和三楼的教室里无线网络信号很弱，上课用学习通签到经常失败。',
    resolution: ['已在{teach}二、三楼各新增3个无线接入点，信号覆盖已明显改善。'],
  },
  {
    category: 'network',
    who: 'any',
    title: '统一身份认证重置密码收不到短信',
    body: '忘记了统一身份认证的密码，重置时一直收不到短信验证码，手机号是入学时登记的那个。',
    resolution: ['经查您登记的手机号有误，已为您更新并重置密码，请按短信提示登录后及时修改。'],
  },
  {
    category: 'network',
    who: 'staff',
    title: '校外访问VPN无法连接图书馆数据库',
    body: '在家用学校VPN登录后，访问知网和Web of Science都提示没有权限，之前是可以的。',
    resolution: ['VPN的资源访问策略在升级后遗漏了图书馆数据库，已重新配置，现已恢复访问。'],
  },
  // 校园安全 → 保卫处
  {
    category: 'safety',
    who: 'student',
    title: '{dorm}门禁刷卡经常失灵',
    place: '{dorm}大门',
    body: '{dorm}大门门禁刷校园卡经常没有反应，{time}进出的人多，大家只好一直开着门，存在安全隐患。',
    resolution: ['已更换{dorm}门禁读卡器，并加强夜间巡查。'],
  },
  {
    category: 'safety',
    who: 'any',
    title: '{dorm}楼下电动车违规充电',
    place: '{dorm}',
    body: '{dorm}楼下很多电动车从窗户拉线充电，存在很大的火灾隐患，希望学校管理一下。',
    resolution: ['已联合后勤对该区域开展专项检查，清理私拉电线12处，并在附近增设集中充电桩。'],
  },
  {
    category: 'safety',
    who: 'student',
    title: '北门外卖车辆占道',
    body: '中午和晚饭时间北门外外卖电动车停满了人行道，进出学校很危险。',
    place: '北门',
    resolution: ['已在北门外划设外卖临时停放区，并安排保安在用餐高峰时段引导。'],
  },
  {
    category: 'safety',
    who: 'student',
    title: '在{teach}丢失校园卡和钥匙，能否调取监控',
    place: '{teach}',
    body: '昨天下午在{teach}{room}上课时把装有校园卡和钥匙的卡套落在了桌上，回去找已经没有了，能否帮忙调取监控？',
    resolution: ['经调取监控，您的卡套已被保洁人员捡到并交到{teach}值班室，请携带学生证前往领取。'],
  },
  // 图书借阅 → 图书馆
  {
    category: 'library',
    who: 'student',
    title: '图书馆座位被长期占用',
    place: '图书馆三楼自习区',
    body: '三楼自习区很多座位用书本占着，人一整天都不来，希望加强巡查，落实离座超时自动释放。',
    resolution: ['图书馆已启用座位预约系统的离座超时释放功能，并安排志愿者每天两次巡查清理占座物品。'],
  },
  {
    category: 'library',
    who: 'student',
    title: '考试周希望延长图书馆开放时间',
    body: '期末考试周自习的人很多，希望图书馆能延长开放时间到晚上十一点。',
    resolution: ['考试周期间（第17—19周）图书馆一、二楼自习区将延长开放至23:00，具体安排见图书馆公众号通知。'],
    explanation:
      '受消防安全和值班人力限制，图书馆主楼暂无法延长开放。考试周期间公共教学楼A区一楼教室开放通宵自习，欢迎同学们前往。',
  },
  {
    category: 'library',
    who: 'any',
    title: '续借失败提示有逾期记录',
    body: '在图书馆系统续借时提示有逾期记录不能续借，但我所有的书都是按时还的。',
    resolution: ['经核查是还书机故障导致一次还书未及时登记，已撤销该逾期记录，现可正常续借。'],
  },
  // 财务报销 → 财务处
  {
    category: 'finance',
    who: 'staff',
    title: '科研经费报销审核进度太慢',
    body: '上个月提交的横向课题差旅报销单，网上系统一直显示“审核中”，已经过了{days}，想了解进度。',
    resolution: ['您的报销单已审核完毕，款项将于两个工作日内转入工资卡。近期报销量大，给您带来不便深表歉意。'],
  },
  {
    category: 'finance',
    who: 'staff',
    title: '电子发票报销是否还需要打印',
    body: '现在收到的都是全电发票，报销时还需要打印出来贴在单据上吗？',
    resolution: ['自本学期起全电发票无需打印，在网上报销系统上传电子文件即可，系统会自动查重验真。'],
  },
  {
    category: 'finance',
    who: 'student',
    title: '学费缴纳后系统仍显示欠费',
    body: '已经通过缴费平台交了学费，银行卡也扣款了，但是系统里还显示欠费，影响选课。',
    resolution: ['经核对系银行对账延迟，您的缴费记录已补登，欠费状态已解除。'],
  },
  // 学生事务 → 学生处
  {
    category: 'student',
    who: 'student',
    title: '奖学金评定结果有疑问',
    body: '我的综合测评排名在班级前10%，但这次学业奖学金公示名单里没有我，想了解评定依据。',
    resolution: ['已会同学院复核，您的综合测评成绩中一项竞赛加分漏算，学院已重新评定并补入公示名单。'],
    explanation:
      '经核查，根据《东湖农林大学学生奖学金评定办法》第十二条，本学年有课程补考记录的同学不具备学业奖学金评定资格。如有异议，可在公示期内向学院学生工作办公室提出书面复核申请。',
  },
  {
    category: 'student',
    who: 'student',
    title: '申请调换宿舍',
    body: '因为作息时间和室友差异很大，长期休息不好，想申请调换到同楼层的其他寝室。',
    resolution: ['已与辅导员和宿管中心沟通，为您调整到{dorm}{room}寝室，请于本周内办理入住手续。'],
  },
  {
    category: 'student',
    who: 'student',
    title: '心理咨询预约排队时间太长',
    body: '在心理健康中心预约咨询，最近的号要排到两周以后，希望能增加咨询时段。',
    resolution: ['心理健康教育中心已增加周二、周四晚间咨询时段，并开通了紧急情况当日咨询通道。'],
    explanation:
      '心理咨询师资按教育部配比配置，近期为咨询高峰。如遇紧急情况可直接拨打24小时心理援助热线或到中心当面登记，当日安排接待。',
  },
  {
    category: 'student',
    who: 'student',
    title: '勤工助学报酬发放延迟',
    body: '在图书馆勤工助学，上个月的报酬到现在还没有发放。',
    resolution: ['上月报酬已完成审批，将随本月一同发放至您的银行卡。'],
  },
  // 人事人才 → 人事处
  {
    category: 'personnel',
    who: 'staff',
    title: '新进教师人才公寓申请进度',
    body: '九月入职的新教师，八月底提交了人才公寓申请，至今没有收到任何通知。',
    resolution: ['您的申请已审核通过，房源分配在东湖人才公寓3幢，请携带身份证到后勤公寓中心办理入住。'],
  },
  {
    category: 'personnel',
    who: 'staff',
    title: '职称评审材料提交截止时间咨询',
    body: '今年职称评审的材料提交截止时间是什么时候？代表作的认定标准有没有变化？',
    resolution: [
      '今年材料提交截止时间为11月30日，代表作认定标准见人事处网站《关于做好年度专业技术职务评聘工作的通知》附件2。',
    ],
  },
  // 研究生事务 → 研究生院
  {
    category: 'graduate',
    who: 'student',
    title: '学位论文盲审结果何时公布',
    body: '论文送审已经一个多月了，想了解盲审结果大概什么时候能出来，会不会影响答辩安排。',
    resolution: ['本批次盲审结果预计下周五前全部返回，研究生院将在系统中及时发布，不影响本学期答辩安排。'],
  },
  // 直接选择单位（二级学院、国际合作处）
  {
    category: 'teaching',
    unit: 'HCXY',
    who: 'student',
    title: '化学实验楼{room}通风橱风量不足',
    place: '化学实验楼{room}',
    body: '做有机化学实验时通风橱抽风很弱，实验室里能闻到明显的刺激性气味，担心对身体有影响。',
    resolution: ['学院已联系厂家检修通风系统，更换了风机皮带，经检测风量达标。'],
  },
  {
    category: 'teaching',
    unit: 'JGXY',
    who: 'student',
    title: '毕业论文选题系统无法登录',
    body: '经管学院毕业论文选题系统一直提示“用户不存在”，马上就要截止选题了。',
    resolution: ['已为您在选题系统中补录账号，选题截止时间对受影响同学顺延三天。'],
  },
  {
    category: null,
    unit: 'LSXY',
    who: 'student',
    title: '林学实习基地往返交通安排',
    body: '下个月去天目山实习基地实习，学院只安排了去程的车，返程需要自己解决吗？',
    resolution: ['学院已统一安排往返大巴，返程时间为实习结束当日下午三点，具体安排见班级通知。'],
  },
  {
    category: null,
    unit: 'XXXY',
    who: 'student',
    title: '信息工程学院机房电脑配置太旧',
    body: '学院机房的电脑运行开发环境非常卡，编译一次要好几分钟，影响上机实验。',
    resolution: ['学院已将机房电脑内存统一升级到16GB，并更换了固态硬盘，明年将整体更新设备。'],
  },
  {
    category: null,
    unit: 'GJC',
    who: 'student',
    title: '交换生项目学分转换咨询',
    body: '下学期参加校际交换项目，对方学校修读的课程学分回国后怎么转换？需要提前准备什么材料？',
    resolution: [
      '交换项目学分认定需在出国前填写《课程对照表》并经学院审核，回国后凭成绩单办理认定，详见国际合作处网站。',
    ],
  },
  // 送错单位，退回后由督办员转派（misrouted → returned → reassigned）
  {
    category: 'repair',
    who: 'student',
    title: '{dorm}门禁人脸识别识别不了',
    place: '{dorm}',
    body: '上周换了新的人脸识别门禁，我的照片一直识别不了，每次都要请宿管阿姨开门。',
    resolution: ['已为您重新采集人脸照片并同步到门禁系统，现可正常通行。'],
    belongsTo: { unit: 'BWC', reason: '宿舍门禁系统由保卫处负责管理，不属于后勤维修范围，请转保卫处办理。' },
  },
  {
    category: 'network',
    who: 'any',
    title: '{teach}{room}多媒体讲台电脑无法开机',
    place: '{teach}{room}',
    body: '{teach}{room}讲台的电脑按电源键没有反应，老师只好用自己的笔记本上课。',
    resolution: ['已更换讲台电脑电源，设备恢复正常。'],
    belongsTo: { unit: 'JWC', reason: '教室多媒体设备由教务处教学运行科统一管理，建议转教务处。' },
  },
  {
    category: 'student',
    who: 'student',
    title: '宿舍楼下快递柜经常满箱',
    body: '{dorm}楼下的快递柜经常满箱，快递员只能把包裹堆在地上，容易丢件。',
    place: '{dorm}',
    resolution: ['已协调快递柜运营方在{dorm}增加一组快递柜，并督促及时清理超时包裹。'],
    belongsTo: { unit: 'HQC', reason: '校园快递服务由后勤管理处统一管理，非学生处职责，请转后勤。' },
  },
  // 建议、其他：无默认单位，进入督办员分派队列
  {
    category: 'suggestion',
    who: 'any',
    title: '建议增加共享单车停放点',
    body: '教学区和宿舍区之间距离较远，共享单车停放点太少，经常找不到车，建议在{teach}和{canteen}门口增设停放点。',
    resolution: ['已在{teach}、{canteen}门口新增两处共享单车停放区，并与运营商约定高峰时段调度车辆。'],
    routeTo: { unit: 'HQC' },
  },
  {
    category: 'suggestion',
    who: 'student',
    title: '建议食堂开设夜宵窗口',
    body: '晚上在图书馆和实验室学习到很晚，宿舍区附近没有吃的，建议{canteen}开设夜宵窗口。',
    resolution: ['饮食服务中心将于下月起在{canteen}一楼开设夜宵窗口，营业时间21:00—23:00。'],
    routeTo: { unit: 'HQC' },
  },
  {
    category: 'suggestion',
    who: 'student',
    title: '建议图书馆增设24小时自习室',
    body: '考研期间很多同学需要通宵自习，建议图书馆开放一个24小时自习室。',
    resolution: ['图书馆一楼东侧自习室已改造为24小时开放自习室，刷校园卡进入。'],
    routeTo: { unit: 'TSG' },
  },
  {
    category: 'suggestion',
    who: 'staff',
    title: '建议开设更多劳动教育实践课程',
    body: '学校有很好的林场和实验基地，建议开设更多面向全校的劳动教育实践课程。',
    resolution: ['已纳入下学年劳动教育课程建设计划，将依托林场开设3门实践课程。'],
    routeTo: { unit: 'JWC', co: ['LSXY'] },
  },
  {
    category: 'other',
    who: 'any',
    title: '快递驿站排队时间太长',
    body: '每天下午快递驿站取件要排半个多小时的队，希望增加取件窗口或者延长营业时间。',
    place: '菜鸟驿站',
    resolution: ['驿站已增加两个取件窗口，营业时间延长至21:30。'],
    routeTo: { unit: 'HQC' },
  },
  {
    category: 'other',
    who: 'any',
    title: '校园流浪猫越来越多',
    body: '{dorm}附近流浪猫越来越多，晚上经常打架，也有同学被抓伤，希望学校能科学管理。',
    place: '{dorm}',
    resolution: ['已联合学生动物保护协会开展绝育和定点投喂，被抓伤的同学可到校医院免费处理。'],
    routeTo: { unit: 'HQC', co: ['BWC'] },
  },
  {
    category: 'other',
    who: 'student',
    title: '夜间校园跑步需要更多照明和安保',
    body: '晚上在{road}跑步的同学很多，但照明不足，也很少看到保安巡逻。',
    place: '{road}',
    resolution: ['后勤已增设照明，保卫处将该路段纳入夜间巡逻路线。'],
    routeTo: { unit: 'BWC', co: ['HQC'] },
  },
];

/** Texts the actors use along the way, by kind. */
export const PHRASES = {
  interim: [
    '需要采购更换配件，供应商到货后立即安装，预计在承诺日期前完成。',
    '该问题涉及多个部门协调，正在会商解决方案，将在承诺日期前给予明确答复。',
    '需要等待厂家工程师上门检测，已预约，检测后尽快处理。',
  ],
  longInterim: '涉及整栋楼管网改造，需要走采购招标程序，计划利用假期施工，期间先安排临时措施保障使用。',
  question: [
    '请补充具体的寝室号和方便联系的时间，以便工作人员上门处理。',
    '请提供学号和相关页面的截图，方便我们在系统中核查。',
    '请说明问题出现的具体时间和频率。',
  ],
  answer: [
    '寝室号见地点栏，工作日下午四点以后都在寝室。',
    '学号2023105123，截图已发到学院办公室邮箱。',
    '基本每天都会出现，晚上九点以后最明显。',
  ],
  note: ['已电话联系提出人，约定明天上午上门查看。', '已转维修班组派单。', '与厂家沟通中，等待回复。'],
  coNote: ['本单位已配合现场查看，意见已提供给主办单位。', '已安排人员配合处理。'],
  urge: ['该诉求已超过办理时限，请尽快签收办理并答复师生。', '请于新的期限内办结，并将处理情况反馈督办员。'],
  escalateToLeader: '多次督办仍未办结，涉及跨部门协调，提请分管校领导批示。',
  instruct: [
    '请相关单位三个工作日内拿出整改方案，并向师生做好解释。',
    '此事关系学生切身利益，请抓紧落实，办结后报我。',
  ],
  goodComment: [
    '处理很及时，点赞！',
    '师傅态度很好，问题已解决，谢谢。',
    '回复很详细，谢谢老师。',
    '效率很高，满意。',
    '终于解决了，感谢！',
  ],
  badComment: ['说是修好了，但还是老样子。', '回复太敷衍，问题没有解决。', '等了很久才处理，体验不好。'],
  reopen: ['问题没有解决，昨天晚上又出现了同样的情况。', '按回复去办还是不行，请再核实一下。'],
  withdraw: ['问题已经自行解决了。', '提交重复了，撤回这一条。', '已经当面咨询清楚了。'],
  reassign: '经研判，该诉求由该单位主办更为合适。',
  urgeFast: '师生反映强烈，请加快办理进度。',
} as const;
