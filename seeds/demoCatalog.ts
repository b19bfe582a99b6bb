/**
 * The fixed part of the demo data: organisations, staff accounts, employers and the pools of
 * names and wording the case generator in demo.ts draws from. Everything here is fictional
 * but written the way the centres in 百色·平果, 南宁 and 深圳·宝安 would write it.
 */
import type { OrgKind } from '../src/domain/model.js';

/** Every seeded account (staff, supervisors and workers) signs in with this password. */
export const DEMO_PASSWORD = 'demo12345';

export type Area = 'pingguo' | 'nanning' | 'baoan';

export interface DemoOrg {
  intakeCode: string;
  name: string;
  kind: OrgKind;
  regionCode: string;
  area: Area;
  /** Where its mediation sessions or hearings take place. */
  room?: string;
  parent?: string;
}

export const DEMO_ORGS: readonly DemoOrg[] = [
  // 百色市 · 平果市 (451023): the one-stop centre of SPEC §1.
  { intakeCode: 'PGZGH', name: '平果市总工会劳动争议调解室', kind: 'union', regionCode: '451023', area: 'pingguo', room: '平果市总工会职工服务中心二楼调解室' },
  { intakeCode: 'PGYQTJ', name: '平果工业园区劳动争议多元调解中心', kind: 'mediation_center', regionCode: '451023', area: 'pingguo', room: '平果工业园区管委会一楼多元调解中心' },
  { intakeCode: 'PGMTZ', name: '平果市马头镇劳动争议调解中心', kind: 'township_center', regionCode: '451023', area: 'pingguo', room: '马头镇人民政府综治中心调解室' },
  { intakeCode: 'PGXARM', name: '平果市新安镇人民调解委员会', kind: 'people_mediation', regionCode: '451023', area: 'pingguo', room: '新安镇司法所人民调解室' },
  { intakeCode: 'PGHTLY', name: '广西平果恒通铝业有限公司劳动争议调解委员会', kind: 'enterprise_committee', regionCode: '451023', area: 'pingguo', room: '恒通铝业行政楼三楼会议室' },
  { intakeCode: 'PGZC', name: '平果市劳动人事争议仲裁委员会', kind: 'arbitration_commission', regionCode: '451023', area: 'pingguo', room: '平果市劳动人事争议仲裁院仲裁庭' },
  { intakeCode: 'BSZC', name: '百色市劳动人事争议仲裁委员会', kind: 'arbitration_commission', regionCode: '451000', area: 'pingguo', room: '百色市劳动人事争议仲裁院第一仲裁庭' },
  { intakeCode: 'PGFY', name: '平果市人民法院', kind: 'court', regionCode: '451023', area: 'pingguo', room: '平果市人民法院第三审判庭' },
  { intakeCode: 'BSZY', name: '百色市中级人民法院', kind: 'court', regionCode: '451000', area: 'pingguo', room: '百色市中级人民法院第五审判庭' },
  { intakeCode: 'PGJCY', name: '平果市人民检察院', kind: 'procuratorate', regionCode: '451023', area: 'pingguo' },
  { intakeCode: 'PGFLYZ', name: '平果市法律援助中心', kind: 'legal_aid', regionCode: '451023', area: 'pingguo' },
  // 南宁市: inside 广西 (45) but outside 百色 (4510).
  { intakeCode: 'NNZGH', name: '南宁市总工会劳动争议调解委员会', kind: 'union', regionCode: '450100', area: 'nanning', room: '南宁市职工服务中心调解室' },
  { intakeCode: 'NNZC', name: '南宁市劳动人事争议仲裁委员会', kind: 'arbitration_commission', regionCode: '450100', area: 'nanning', room: '南宁市劳动人事争议仲裁院第二仲裁庭' },
  { intakeCode: 'XXTFY', name: '南宁市西乡塘区人民法院', kind: 'court', regionCode: '450107', area: 'nanning', room: '西乡塘区人民法院第八法庭' },
  // 深圳市宝安区 (440306): another province, for supervisor region scoping.
  { intakeCode: 'BAFYJD', name: '深圳市宝安区福永街道劳动争议调解委员会', kind: 'township_center', regionCode: '440306', area: 'baoan', room: '福永街道公共服务中心劳动争议调解室' },
  { intakeCode: 'BATJZX', name: '深圳市宝安区劳动人事争议多元调解中心', kind: 'mediation_center', regionCode: '440306', area: 'baoan', room: '宝安区劳动人事争议多元调解中心第二调解室' },
  { intakeCode: 'BAZC', name: '深圳市宝安区劳动人事争议仲裁委员会', kind: 'arbitration_commission', regionCode: '440306', area: 'baoan', room: '宝安区劳动人事争议仲裁院第三仲裁庭' },
  { intakeCode: 'BAFY', name: '深圳市宝安区人民法院', kind: 'court', regionCode: '440306', area: 'baoan', room: '宝安区人民法院劳动争议审判庭' },
  { intakeCode: 'BAFLY', name: '深圳市宝安区法律援助处', kind: 'legal_aid', regionCode: '440306', area: 'baoan' },
];

export interface DemoStaff {
  username: string;
  name: string;
  role: 'mediator' | 'arbitrator' | 'court_liaison' | 'supervisor';
  /** Staff: the intake code of their organisation. */
  org?: string;
  /** Supervisors: the region prefix they oversee. */
  regionCode?: string;
}

export const DEMO_STAFF: readonly DemoStaff[] = [
  { username: 'mediator.union', name: '韦丽萍', role: 'mediator', org: 'PGZGH' },
  { username: 'mediator.union2', name: '黄志刚', role: 'mediator', org: 'PGZGH' },
  { username: 'mediator.park', name: '陆海燕', role: 'mediator', org: 'PGYQTJ' },
  { username: 'mediator.park2', name: '农建新', role: 'mediator', org: 'PGYQTJ' },
  { username: 'mediator.matou', name: '覃春梅', role: 'mediator', org: 'PGMTZ' },
  { username: 'mediator.xinan', name: '蓝永福', role: 'mediator', org: 'PGXARM' },
  { username: 'mediator.hengtong', name: '梁国栋', role: 'mediator', org: 'PGHTLY' },
  { username: 'mediator.nanning', name: '莫晓琳', role: 'mediator', org: 'NNZGH' },
  { username: 'mediator.fuyong', name: '钟伟', role: 'mediator', org: 'BAFYJD' },
  { username: 'mediator.baoan', name: '曾敏', role: 'mediator', org: 'BATJZX' },
  { username: 'arbitrator.pingguo', name: '潘文杰', role: 'arbitrator', org: 'PGZC' },
  { username: 'arbitrator.baise', name: '罗振华', role: 'arbitrator', org: 'BSZC' },
  { username: 'arbitrator.baise2', name: '卢美玲', role: 'arbitrator', org: 'BSZC' },
  { username: 'arbitrator.nanning', name: '唐丽', role: 'arbitrator', org: 'NNZC' },
  { username: 'arbitrator.baoan', name: '邓志勇', role: 'arbitrator', org: 'BAZC' },
  { username: 'court.pingguo', name: '黄海峰', role: 'court_liaison', org: 'PGFY' },
  { username: 'court.baise', name: '李娟', role: 'court_liaison', org: 'BSZY' },
  { username: 'court.nanning', name: '何俊', role: 'court_liaison', org: 'XXTFY' },
  { username: 'court.baoan', name: '陈静', role: 'court_liaison', org: 'BAFY' },
  { username: 'supervisor.baise', name: '凌宏', role: 'supervisor', regionCode: '4510' },
  { username: 'supervisor.guangxi', name: '赵立新', role: 'supervisor', regionCode: '45' },
  { username: 'supervisor.shenzhen', name: '彭晓东', role: 'supervisor', regionCode: '4403' },
];

/** Where each area's cases go: mediation first, then arbitration, then the courts. */
export interface AreaRoutes {
  /** Mediation organisations that take walk-in and online claims, with weights. */
  mediation: readonly [string, number][];
  /** Organisations a court may delegate pre-filing mediation to. */
  delegateTo: readonly string[];
  arbitration: readonly [string, number][];
  court: string;
  /** Second instance and vacating final awards (劳动争议调解仲裁法 art. 49: 中级人民法院). */
  appealCourt: string | null;
  /** Monthly wage range in yuan. */
  wage: [number, number];
  /** Counties workers come from (ID number prefixes). */
  origins: readonly string[];
  creditRegion: string;
  /** Area code and the first digits of a local number; `landlineDigits` more follow. */
  landline: string;
  landlineDigits: number;
}

export const AREAS: Record<Area, AreaRoutes> = {
  pingguo: {
    mediation: [
      ['PGZGH', 30],
      ['PGYQTJ', 30],
      ['PGMTZ', 15],
      ['PGXARM', 12],
      ['PGHTLY', 10],
    ],
    delegateTo: ['PGZGH', 'PGYQTJ', 'PGMTZ'],
    arbitration: [
      ['PGZC', 70],
      ['BSZC', 30],
    ],
    court: 'PGFY',
    appealCourt: 'BSZY',
    wage: [2600, 5200],
    origins: ['451023', '451023', '451023', '451023', '451022', '451024', '451081', '451002', '451026'],
    creditRegion: '451023',
    landline: '0776-58',
    landlineDigits: 5,
  },
  nanning: {
    mediation: [['NNZGH', 1]],
    delegateTo: ['NNZGH'],
    arbitration: [['NNZC', 1]],
    court: 'XXTFY',
    appealCourt: null,
    wage: [3000, 6500],
    origins: ['450107', '450102', '450110', '450803', '451023', '450881'],
    creditRegion: '450107',
    landline: '0771-38',
    landlineDigits: 5,
  },
  baoan: {
    mediation: [
      ['BAFYJD', 45],
      ['BATJZX', 55],
    ],
    delegateTo: ['BAFYJD', 'BATJZX'],
    arbitration: [['BAZC', 1]],
    court: 'BAFY',
    appealCourt: null,
    wage: [4500, 9000],
    origins: ['430524', '511623', '360732', '441481', '421087', '450881', '431225', '451023', '440306'],
    creditRegion: '440300',
    landline: '0755-27',
    landlineDigits: 6,
  },
};

export type Industry =
  | 'aluminium'
  | 'construction'
  | 'logistics'
  | 'textile'
  | 'hotel'
  | 'property'
  | 'food'
  | 'electronics'
  | 'transport'
  | 'retail'
  | 'catering'
  | 'factory'
  | 'farm'
  | 'mould';

export const JOBS: Record<Industry, readonly string[]> = {
  aluminium: ['电解工', '铸造工', '挤压操作工', '叉车司机', '天车工'],
  construction: ['钢筋工', '木工', '泥水工', '架子工', '施工员'],
  logistics: ['货车司机', '仓库管理员', '装卸工', '快递分拣员'],
  textile: ['挡车工', '缝纫工', '整烫工', '质检员'],
  hotel: ['客房服务员', '前台接待', '厨师', '保安员'],
  property: ['保安员', '保洁员', '水电维修工', '绿化工'],
  food: ['包装工', '生产线操作工', '仓库保管员'],
  electronics: ['普工', '质检员', '贴片操作员', '拉长'],
  transport: ['客运驾驶员', '乘务员', '调度员'],
  retail: ['营业员', '收银员', '理货员'],
  catering: ['厨师', '服务员', '洗碗工', '配菜员'],
  factory: ['普工', '机修工', '注塑操作工', '搬运工'],
  farm: ['种植工', '养殖工', '采收工'],
  mould: ['模具钳工', 'CNC操作员', '磨床操作工', '品检员'],
};

export interface Employer {
  name: string;
  area: Area;
  industry: Industry;
  address: string;
  /** The mediation organisations that would see this employer's disputes first. */
  near: readonly string[];
}

export const EMPLOYERS: readonly Employer[] = [
  { name: '广西平果恒通铝业有限公司', area: 'pingguo', industry: 'aluminium', address: '广西壮族自治区平果市新安镇铝工业园区恒通路1号', near: ['PGHTLY'] },
  { name: '平果市鑫源建筑工程有限公司', area: 'pingguo', industry: 'construction', address: '广西壮族自治区平果市马头镇江北路128号', near: ['PGZGH', 'PGMTZ'] },
  { name: '平果市宏达物流有限公司', area: 'pingguo', industry: 'logistics', address: '广西壮族自治区平果市马头镇平果大道西段66号', near: ['PGZGH', 'PGMTZ'] },
  { name: '广西平果锦华纺织有限公司', area: 'pingguo', industry: 'textile', address: '广西壮族自治区平果市平果工业园区纺织产业园B区3栋', near: ['PGYQTJ', 'PGZGH'] },
  { name: '平果市金山大酒店有限公司', area: 'pingguo', industry: 'hotel', address: '广西壮族自治区平果市马头镇中山路18号', near: ['PGMTZ', 'PGZGH'] },
  { name: '平果市铝城物业服务有限公司', area: 'pingguo', industry: 'property', address: '广西壮族自治区平果市马头镇铝城大道中段32号', near: ['PGZGH', 'PGMTZ'] },
  { name: '平果市乐源食品有限公司', area: 'pingguo', industry: 'food', address: '广西壮族自治区平果市平果工业园区食品加工区8号', near: ['PGYQTJ'] },
  { name: '广西平果新科电子科技有限公司', area: 'pingguo', industry: 'electronics', address: '广西壮族自治区平果市平果工业园区电子信息产业园2栋', near: ['PGYQTJ', 'PGZGH'] },
  { name: '平果市恒运汽车运输有限公司', area: 'pingguo', industry: 'transport', address: '广西壮族自治区平果市马头镇汽车总站东侧', near: ['PGZGH', 'PGMTZ'] },
  { name: '平果市城南建筑劳务有限公司', area: 'pingguo', industry: 'construction', address: '广西壮族自治区平果市马头镇城南路206号', near: ['PGMTZ', 'PGZGH', 'PGXARM'] },
  { name: '广西平果华泰铝型材有限公司', area: 'pingguo', industry: 'aluminium', address: '广西壮族自治区平果市平果工业园区铝产业园A区6号', near: ['PGYQTJ'] },
  { name: '平果市宏鑫碳素有限公司', area: 'pingguo', industry: 'factory', address: '广西壮族自治区平果市平果工业园区铝产业园C区', near: ['PGYQTJ'] },
  { name: '平果市百顺商贸有限公司', area: 'pingguo', industry: 'retail', address: '广西壮族自治区平果市马头镇新兴路9号', near: ['PGMTZ', 'PGZGH'] },
  { name: '平果市壮乡味道餐饮管理有限公司', area: 'pingguo', industry: 'catering', address: '广西壮族自治区平果市马头镇人民路56号', near: ['PGMTZ', 'PGZGH'] },
  { name: '平果市骏达塑料制品有限公司', area: 'pingguo', industry: 'factory', address: '广西壮族自治区平果市平果工业园区轻工产业园5号', near: ['PGYQTJ'] },
  { name: '平果市新安镇福兴砖厂', area: 'pingguo', industry: 'factory', address: '广西壮族自治区平果市新安镇那厘村', near: ['PGXARM'] },
  { name: '平果市绿源种养专业合作社', area: 'pingguo', industry: 'farm', address: '广西壮族自治区平果市新安镇布尧村', near: ['PGXARM'] },
  { name: '南宁市青秀区华庭物业管理有限公司', area: 'nanning', industry: 'property', address: '广西壮族自治区南宁市青秀区民族大道136号', near: ['NNZGH'] },
  { name: '南宁市鑫隆餐饮管理有限公司', area: 'nanning', industry: 'catering', address: '广西壮族自治区南宁市西乡塘区大学东路98号', near: ['NNZGH'] },
  { name: '广西南宁凯诚建设工程有限公司', area: 'nanning', industry: 'construction', address: '广西壮族自治区南宁市西乡塘区安吉大道23号', near: ['NNZGH'] },
  { name: '南宁市邕江快递服务有限公司', area: 'nanning', industry: 'logistics', address: '广西壮族自治区南宁市西乡塘区北大北路11号', near: ['NNZGH'] },
  { name: '广西南宁绿之源食品有限公司', area: 'nanning', industry: 'food', address: '广西壮族自治区南宁市西乡塘区科园大道55号', near: ['NNZGH'] },
  { name: '深圳市福永精密五金制品有限公司', area: 'baoan', industry: 'mould', address: '广东省深圳市宝安区福永街道凤凰社区岭下工业区12栋', near: ['BAFYJD', 'BATJZX'] },
  { name: '深圳市恒昌达电子科技有限公司', area: 'baoan', industry: 'electronics', address: '广东省深圳市宝安区福永街道桥头社区重庆路99号', near: ['BAFYJD', 'BATJZX'] },
  { name: '深圳市锐翔物流有限公司', area: 'baoan', industry: 'logistics', address: '广东省深圳市宝安区西乡街道固戍社区航城大道168号', near: ['BATJZX'] },
  { name: '深圳市佳美服装有限公司', area: 'baoan', industry: 'textile', address: '广东省深圳市宝安区沙井街道新桥社区新玉路32号', near: ['BATJZX'] },
  { name: '深圳市宝安区沙井宏利模具厂', area: 'baoan', industry: 'mould', address: '广东省深圳市宝安区沙井街道后亭社区茅洲山工业园', near: ['BATJZX'] },
  { name: '深圳市兴盛达塑胶制品有限公司', area: 'baoan', industry: 'factory', address: '广东省深圳市宝安区福海街道塘尾社区工业区7栋', near: ['BAFYJD', 'BATJZX'] },
  { name: '深圳市海乐美餐饮管理有限公司', area: 'baoan', industry: 'catering', address: '广东省深圳市宝安区新安街道宝城47区华创大厦1楼', near: ['BATJZX'] },
  { name: '深圳市福永凯悦酒店管理有限公司', area: 'baoan', industry: 'hotel', address: '广东省深圳市宝安区福永街道福永大道211号', near: ['BAFYJD'] },
];

/** Surnames by where the workers come from; 平果 and 南宁 lean to Zhuang surnames. */
export const SURNAMES: Record<Area, readonly string[]> = {
  pingguo: ['黄', '韦', '农', '陆', '覃', '蓝', '梁', '罗', '莫', '卢', '李', '陈', '潘', '唐', '廖', '凌', '班', '黎', '何', '谭'],
  nanning: ['黄', '韦', '李', '陈', '梁', '刘', '覃', '莫', '林', '周', '蒙', '苏', '谢', '吴'],
  baoan: ['刘', '陈', '张', '王', '李', '杨', '黄', '邓', '曾', '彭', '谢', '罗', '钟', '廖', '肖', '胡', '袁', '曹', '欧阳'],
};

export const GIVEN_MALE = ['建华', '志强', '永福', '国良', '海军', '文军', '德明', '家宝', '春生', '振宇', '俊杰', '宏伟', '明辉', '少军', '庆林', '世荣', '光明', '金龙', '朝阳', '承宇', '伟东', '勇', '杰', '小龙', '志明', '汉文', '仕林', '荣华'];
export const GIVEN_FEMALE = ['丽萍', '秀英', '美玲', '桂兰', '春燕', '小红', '雪梅', '晓丽', '海燕', '玉凤', '金凤', '慧敏', '婷婷', '艳芳', '月娥', '凤娟', '丽娟', '秋菊', '翠花', '梅芳'];
/** The 27 retired workers of the collective case were born in the late 1950s and early 1960s. */
export const GIVEN_OLD_MALE = ['德胜', '国强', '永昌', '建国', '卫东', '福生', '少华', '振兴', '文光', '树林', '庆丰', '家旺', '跃进', '恩德'];
export const GIVEN_OLD_FEMALE = ['秀珍', '桂英', '玉兰', '淑芬', '凤英', '瑞兰', '美英', '月琴', '兰芳', '素梅', '桂芳', '爱华', '红梅', '彩霞'];

export const MOBILE_PREFIXES = ['130', '131', '132', '134', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '166', '173', '177', '178', '180', '181', '183', '186', '187', '188', '189', '191', '198', '199'];

export const INJURIES = ['右手食指被冲压机压伤', '从脚手架跌落致腰椎骨折', '搬运货物时左脚被砸伤', '操作挤压机时右手被卷入', '驾驶叉车时发生侧翻致左腿骨折', '被铝液溅伤右小腿'];

/** Declining a mediation because the dispute belongs elsewhere: the case is transferred. */
export const DECLINE_MEDIATION = [
  '该争议已由劳动人事争议仲裁委员会立案受理，本组织不再重复受理，已告知申请人',
  '被申请人住所地及用工地均不在本辖区，已告知申请人向有管辖权的调解组织申请',
];
export const DECLINE_JURISDICTION = '被申请人所在地及劳动合同履行地均不在本仲裁委员会管辖范围内，不予受理';
/** Only for claims whose incident lies more than a year back. */
export const DECLINE_LIMITATION = '申请人的仲裁请求已超过一年仲裁时效且无中止、中断情形，不予受理';
export const FAIL_REASONS = [
  '被申请人对支付数额有较大异议，经多次调解双方仍未能达成一致，调解不成',
  '被申请人经两次书面通知无正当理由未到场参加调解，视为不同意调解',
  '被申请人仅同意支付部分款项，申请人不予接受，调解不成',
  '调解期限届满，双方未能达成调解协议，已告知申请人可依法申请劳动仲裁',
];
export const FAIL_NO_RELATION = '被申请人否认双方存在劳动关系，双方分歧较大，调解不成';
export const PAUSE_REASONS: Record<'mediation' | 'arbitration', readonly string[]> = {
  mediation: ['申请人住院治疗，暂时无法参加调解，经双方同意中止调解', '申请人已申请工伤认定，待人社部门作出工伤认定结论后继续调解'],
  arbitration: ['申请人已申请劳动能力鉴定，需待鉴定结论作出，依法中止审理', '本案须以另一劳动争议案件的审理结果为依据，中止审理'],
};
export const WITHDRAW_BY_WORKER = ['已与被申请人自行协商解决，申请撤回', '被申请人已支付拖欠款项，申请撤回调解申请', '本人决定直接向人民法院起诉，撤回申请'];
export const WITHDRAW_BY_STAFF = ['申请人当面提交书面撤回申请', '双方庭外和解，申请人书面申请撤回', '申请人经电话确认不再主张权利，已提交撤回申请书'];
export const REFUSE_REASONS = [
  '调解协议约定的经济补偿明显低于法定标准，且申请人未被告知相关权利，损害劳动者合法权益，不予确认',
  '调解协议约定的给付内容不明确，无法据以强制执行，不予确认',
];
export const INTERNAL_NOTES = [
  '已电话通知被申请人人事主管，对方表示会派人到场调解',
  '被申请人法定代表人电话关机，已按营业执照登记地址邮寄调解通知书',
  '申请人情绪较激动，调解时注意做好疏导，必要时请社区民警协助',
  '已与仲裁院立案庭沟通，如调解不成可当日转入仲裁立案',
  '已向园区管委会通报该企业欠薪情况，请求协助督促',
];
export const PUBLIC_NOTES = [
  '申请人补充提交了工资条、考勤记录和银行流水',
  '被申请人提交了劳动合同及解除劳动合同通知书复印件',
  '已向双方送达调解通知书',
  '申请人由平果市法律援助中心指派的援助律师代理',
];

export interface DemoWorker {
  phone: string;
  name: string;
  /** The first 17 characters of the resident ID number; the check character is computed. */
  id17: string;
  area: Area;
  /** What their case shows, for the README. */
  story: string;
}

/** Workers with fixed accounts, each following one case; other online filers are generated. */
export const DEMO_WORKERS: readonly DemoWorker[] = [
  { phone: '13507761024', name: '黄秀兰', id17: '45102319880312024', area: 'pingguo', story: '刚在线向平果市总工会申请调解，待受理' },
  { phone: '13978652210', name: '韦国强', id17: '45102319791105137', area: 'pingguo', story: '园区调解中心调解成功，分期履行中（已付第一期）' },
  { phone: '18977681536', name: '陆春燕', id17: '45102219920721068', area: 'pingguo', story: '马头镇调解不成，本人在线申请仲裁，待平果市仲裁委受理' },
  { phone: '15807713390', name: '莫海军', id17: '45010719850930215', area: 'nanning', story: '11名物业员工社保集体争议的第一申请人，调解不成后在南宁市仲裁委审理中' },
  { phone: '13714285566', name: '刘志勇', id17: '43052419900416373', area: 'baoan', story: '宝安区仲裁委已裁决（非终局），上诉期内' },
  { phone: '18620357781', name: '张丽娟', id17: '51162319961208046', area: 'baoan', story: '与公司自行和解，本人撤回申请，已结案' },
];
