/**
 * Fixed vocabulary of the bulk generator: provinces, cities and counties with their real
 * administrative division codes, and the word lists names and texts are built from. The
 * organisations derived from it do not depend on the seed, so a second run reuses them.
 */

export interface County {
  code: string;
  name: string;
  /** Relative share of the country's disputes. */
  weight: number;
}
export interface City {
  code: string;
  name: string;
  /** Telephone area code, for employers' landlines. */
  areaCode: string;
  /** Municipalities directly under the central government name their districts without a city. */
  municipality?: boolean;
  counties: County[];
}
export interface Province {
  code: string;
  name: string;
  cities: City[];
}

const c = (code: string, name: string, weight: number): County => ({ code, name, weight });

export const PROVINCES: Province[] = [
  {
    code: '11',
    name: '北京市',
    cities: [
      {
        code: '1101',
        name: '北京市',
        areaCode: '010',
        municipality: true,
        counties: [c('110101', '东城区', 3), c('110105', '朝阳区', 8), c('110106', '丰台区', 4), c('110108', '海淀区', 7), c('110114', '昌平区', 4), c('110115', '大兴区', 4)],
      },
    ],
  },
  {
    code: '31',
    name: '上海市',
    cities: [
      {
        code: '3101',
        name: '上海市',
        areaCode: '021',
        municipality: true,
        counties: [c('310101', '黄浦区', 3), c('310104', '徐汇区', 4), c('310112', '闵行区', 6), c('310114', '嘉定区', 5), c('310115', '浦东新区', 10), c('310117', '松江区', 5)],
      },
    ],
  },
  {
    code: '32',
    name: '江苏省',
    cities: [
      { code: '3201', name: '南京市', areaCode: '025', counties: [c('320102', '玄武区', 2), c('320105', '建邺区', 3), c('320106', '鼓楼区', 3), c('320115', '江宁区', 5)] },
      { code: '3205', name: '苏州市', areaCode: '0512', counties: [c('320505', '虎丘区', 5), c('320506', '吴中区', 5), c('320507', '相城区', 3), c('320581', '常熟市', 4), c('320583', '昆山市', 8)] },
    ],
  },
  {
    code: '33',
    name: '浙江省',
    cities: [
      { code: '3301', name: '杭州市', areaCode: '0571', counties: [c('330102', '上城区', 3), c('330106', '西湖区', 3), c('330108', '滨江区', 4), c('330110', '余杭区', 6)] },
      { code: '3302', name: '宁波市', areaCode: '0574', counties: [c('330203', '海曙区', 3), c('330212', '鄞州区', 5), c('330282', '慈溪市', 4)] },
      { code: '3303', name: '温州市', areaCode: '0577', counties: [c('330302', '鹿城区', 3), c('330304', '瓯海区', 3), c('330382', '乐清市', 3)] },
    ],
  },
  {
    code: '37',
    name: '山东省',
    cities: [
      { code: '3701', name: '济南市', areaCode: '0531', counties: [c('370102', '历下区', 3), c('370112', '历城区', 3), c('370113', '长清区', 1)] },
      { code: '3702', name: '青岛市', areaCode: '0532', counties: [c('370202', '市南区', 2), c('370211', '黄岛区', 5), c('370214', '城阳区', 4)] },
    ],
  },
  {
    code: '41',
    name: '河南省',
    cities: [
      { code: '4101', name: '郑州市', areaCode: '0371', counties: [c('410102', '中原区', 3), c('410105', '金水区', 4), c('410122', '中牟县', 2), c('410185', '登封市', 1)] },
      { code: '4103', name: '洛阳市', areaCode: '0379', counties: [c('410302', '老城区', 1), c('410311', '洛龙区', 2), c('410323', '新安县', 1)] },
    ],
  },
  {
    code: '42',
    name: '湖北省',
    cities: [
      { code: '4201', name: '武汉市', areaCode: '027', counties: [c('420102', '江岸区', 3), c('420106', '武昌区', 3), c('420111', '洪山区', 4), c('420115', '江夏区', 3)] },
      { code: '4205', name: '宜昌市', areaCode: '0717', counties: [c('420502', '西陵区', 1), c('420506', '夷陵区', 1), c('420581', '宜都市', 1)] },
    ],
  },
  {
    code: '44',
    name: '广东省',
    cities: [
      { code: '4401', name: '广州市', areaCode: '020', counties: [c('440103', '荔湾区', 3), c('440106', '天河区', 6), c('440111', '白云区', 7), c('440113', '番禺区', 6)] },
      { code: '4403', name: '深圳市', areaCode: '0755', counties: [c('440304', '福田区', 5), c('440305', '南山区', 6), c('440306', '宝安区', 12), c('440307', '龙岗区', 10), c('440309', '龙华区', 8)] },
      { code: '4406', name: '佛山市', areaCode: '0757', counties: [c('440604', '禅城区', 3), c('440605', '南海区', 6), c('440606', '顺德区', 6)] },
    ],
  },
  {
    code: '45',
    name: '广西壮族自治区',
    cities: [
      { code: '4501', name: '南宁市', areaCode: '0771', counties: [c('450102', '兴宁区', 2), c('450103', '青秀区', 3), c('450105', '江南区', 2), c('450107', '西乡塘区', 3)] },
      { code: '4502', name: '柳州市', areaCode: '0772', counties: [c('450202', '城中区', 1), c('450203', '鱼峰区', 2), c('450205', '柳北区', 2)] },
      { code: '4510', name: '百色市', areaCode: '0776', counties: [c('451002', '右江区', 1), c('451022', '田东县', 1), c('451023', '平果市', 2), c('451024', '德保县', 1)] },
    ],
  },
  {
    code: '51',
    name: '四川省',
    cities: [
      { code: '5101', name: '成都市', areaCode: '028', counties: [c('510104', '锦江区', 3), c('510107', '武侯区', 4), c('510108', '成华区', 3), c('510116', '双流区', 4), c('510117', '郫都区', 3)] },
      { code: '5107', name: '绵阳市', areaCode: '0816', counties: [c('510703', '涪城区', 2), c('510704', '游仙区', 1), c('510781', '江油市', 1)] },
    ],
  },
];

/** Towns and sub-districts (镇/街道) used for township-level organisations. */
export const STREETS = ['城关街道', '新城街道', '东城街道', '西城街道', '南城街道', '北城街道', '城东街道', '城南街道', '新华街道', '人民路街道', '中山街道', '解放街道', '工业园区', '高新区', '经济开发区'];
export const TOWNS = ['城关镇', '新安镇', '马头镇', '太平镇', '长安镇', '石岗镇', '龙泉镇', '金山镇', '东山镇', '新和镇', '白沙镇', '红旗镇', '双桥镇', '凤凰镇', '永安镇'];

export const COMPANY_WORDS = ['宏达', '鑫源', '华泰', '恒通', '金利', '永盛', '德信', '嘉禾', '新锐', '顺发', '荣达', '瑞丰', '天成', '众和', '汇通', '明辉', '兴业', '联创', '启航', '博远', '盛世', '科瑞', '中恒', '海天', '润泽', '广源', '佳美', '长青', '信达', '万通'];
export const INDUSTRIES = ['电子科技', '建筑工程', '物流', '餐饮管理', '服装', '机械制造', '家具', '物业管理', '食品', '塑胶制品', '汽车配件', '纺织', '商贸', '保安服务', '酒店管理', '精密模具', '包装材料', '装饰工程', '劳务派遣', '网络科技'];
export const ROADS = ['人民路', '解放路', '建设路', '中山路', '工业大道', '新华路', '民主路', '友谊路', '科技路', '创业路', '兴业路', '朝阳路', '和平路', '环城路', '滨江路'];

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '郑', '梁', '谢', '宋', '唐', '韦', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '潘', '袁', '蔡', '蒋', '余', '于', '杜', '叶', '程', '魏', '苏', '吕', '丁', '任', '卢', '姚', '农', '陆', '覃', '蓝', '廖', '钟', '汪', '石', '崔', '谭'];
export const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '志强', '海燕', '春梅', '红', '文', '斌', '婷', '玉兰', '建国', '海', '俊', '鹏', '晓东', '丽萍', '国庆', '小龙', '金凤', '振华', '宇', '浩', '欣怡', '子豪', '雪梅', '德明', '少华', '永红'];

export const JOBS = ['普工', '操作工', '保安员', '厨师', '服务员', '货车司机', '仓库管理员', '销售', '文员', '电工', '焊工', '钢筋工', '快递员', '外卖骑手', '保洁员', '质检员', '机修工', '缝纫工', '收银员', '装卸工'];

/** Per category (CATEGORIES order): what a summary says and what a claim asks for. */
export const CATEGORY_TEXT: Record<string, { summary: string; claim: string }> = {
  wages: { summary: '拖欠工资', claim: '支付拖欠的工资' },
  termination: { summary: '违法解除劳动合同', claim: '支付违法解除劳动合同赔偿金' },
  social_insurance: { summary: '未依法缴纳社会保险费', claim: '补缴社会保险费或赔偿损失' },
  work_injury: { summary: '工伤待遇未支付', claim: '支付一次性伤残补助金及医疗费' },
  working_time: { summary: '加班费及未休年休假工资', claim: '支付加班费及未休年休假工资' },
  contract: { summary: '未签订书面劳动合同', claim: '支付未签订书面劳动合同的二倍工资差额' },
  employment_relation: { summary: '不承认劳动关系', claim: '确认与被申请人存在劳动关系' },
  other: { summary: '其他劳动争议', claim: '支付经济补偿及其他费用' },
};

export const DECLINE_REASONS = ['申请事项不属于劳动争议受理范围', '已超过仲裁时效且无正当理由', '申请人主体不适格', '同一争议已向其他机构申请处理', '申请材料不全且逾期未补正'];
export const FAIL_REASONS = ['双方对赔偿金额分歧较大，调解不成', '被申请人拒绝调解', '被申请人经通知未到场', '双方对劳动关系存在与否争议较大', '被申请人仅同意支付部分款项，申请人不接受'];
export const WITHDRAW_REASONS = ['双方已自行和解', '被申请人已支付全部款项', '申请人另行主张权利', '申请人不再主张'];
export const REFUSE_REASONS = ['调解协议内容违反法律强制性规定', '调解协议内容不明确，无法执行', '当事人一方反悔且理由成立'];
export const PAUSE_REASONS = ['申请人住院治疗，无法参加调解', '等待工伤认定结论', '等待劳动能力鉴定结论', '被申请人正在进行破产清算'];
export const DEFAULT_REASONS = ['被申请人逾期未支付分期款项', '被申请人未按协议约定期限付款', '被申请人以经营困难为由拒绝履行'];
export const EXTEND_REASON = '案情复杂，经仲裁委员会主任批准延长审理期限';
