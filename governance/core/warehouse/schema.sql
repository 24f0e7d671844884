-- 数据字典 / Data dictionary of the governance warehouse.
--
-- This file is the single source of truth for table and column types, NOT NULL and CHECK rules: the loader
-- (governance/core/warehouse/ingest.py) reads them back from DuckDB (duckdb_columns / duckdb_constraints) to validate every
-- export before it is loaded, and the data-dictionary view in the app shows these comments.
-- Column comments follow the pattern "中文标签|unit|description" — the Chinese label is also accepted as a CSV/XLSX
-- header, because real exports from Chinese systems carry Chinese headers.
-- Money is in 万元 unless the unit says otherwise. Every row of the demo data is FICTIONAL (虚构演示数据);
-- only the geography (GB/T 2260 codes, names, boundaries) is real. Coordinates are GCJ-02 (Amap datum).

CREATE TABLE dataset_info (
    dataset_id      VARCHAR NOT NULL,
    is_fictional    BOOLEAN NOT NULL,
    scale           DOUBLE,
    seed            BIGINT,
    built_at        TIMESTAMP NOT NULL,
    first_month     DATE NOT NULL,
    latest_month    DATE NOT NULL,
    generator       VARCHAR,
    source_files    VARCHAR,
    note_zh         VARCHAR,
    note_en         VARCHAR
);
COMMENT ON TABLE dataset_info IS '数据集信息|1 row|How and when the warehouse was built, and whether its figures are fictional';
COMMENT ON COLUMN dataset_info.dataset_id IS '数据集标识||Name of the build (e.g. demo-scale-1)';
COMMENT ON COLUMN dataset_info.is_fictional IS '是否虚构||TRUE for generated demo data: every figure is invented';
COMMENT ON COLUMN dataset_info.scale IS '规模系数||Generator scale (1 = province size)';
COMMENT ON COLUMN dataset_info.seed IS '随机种子||Generator seed; same seed and scale give identical exports';
COMMENT ON COLUMN dataset_info.built_at IS '构建时间|UTC|When the warehouse was built';
COMMENT ON COLUMN dataset_info.first_month IS '起始月份||First month of monthly history';
COMMENT ON COLUMN dataset_info.latest_month IS '最新月份||Latest full month of monthly history';
COMMENT ON COLUMN dataset_info.generator IS '生成程序||Generator name and version';
COMMENT ON COLUMN dataset_info.source_files IS '来源文件||Export files the warehouse was loaded from';
COMMENT ON COLUMN dataset_info.note_zh IS '说明（中文）||Disclaimer shown in the app';
COMMENT ON COLUMN dataset_info.note_en IS '说明（英文）||Disclaimer shown in the app';

CREATE TABLE import_state (
    generation      BIGINT NOT NULL,
    log_json        VARCHAR NOT NULL,
    build_json      VARCHAR
);
COMMENT ON TABLE import_state IS '导入记录|1 row|The user-imports log this warehouse was written with (data/user/imports/imports.json), so a write cut short between the warehouse swap and the log update is finished by the next one';
COMMENT ON COLUMN import_state.generation IS '写入序号||Counts builds, imports and undos; the newer of the warehouse and the log file wins';
COMMENT ON COLUMN import_state.log_json IS '导入日志||Every stored import: id, dataset, file, rows, time, status (active / quarantined)';
COMMENT ON COLUMN import_state.build_json IS '构建参数||Scale, seed, latest month, exports folder, whether imports were applied (an undo rebuilds with them)';

CREATE TABLE regions (
    code            VARCHAR NOT NULL CHECK (regexp_full_match(code, '32[0-9]{4}')),
    name            VARCHAR NOT NULL,
    name_en         VARCHAR,
    level           VARCHAR NOT NULL CHECK (level IN ('province', 'city', 'county')),
    parent_code     VARCHAR,
    county_type     VARCHAR CHECK (county_type IN ('市辖区', '县级市', '县')),
    lon             DOUBLE,
    lat             DOUBLE
);
COMMENT ON TABLE regions IS '行政区划|row per region|Jiangsu province, its 13 cities and 95 county-level units (GB/T 2260, NBS 2022); functional zones (xx71/xx76) are not counties and are excluded';
COMMENT ON COLUMN regions.code IS '区划代码||6-digit GB/T 2260 code';
COMMENT ON COLUMN regions.name IS '名称||Chinese name (names repeat across cities: key on code)';
COMMENT ON COLUMN regions.name_en IS '英文名称||English name (province and cities)';
COMMENT ON COLUMN regions.level IS '层级||province / city / county';
COMMENT ON COLUMN regions.parent_code IS '上级代码||Code of the parent region';
COMMENT ON COLUMN regions.county_type IS '县级类型||市辖区 / 县级市 / 县 for counties';
COMMENT ON COLUMN regions.lon IS '经度|° GCJ-02|Representative point (city seat for cities, centroid for counties)';
COMMENT ON COLUMN regions.lat IS '纬度|° GCJ-02|Representative point';

CREATE TABLE budgets (
    county_code         VARCHAR NOT NULL,
    year                INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    budget_kind         VARCHAR NOT NULL CHECK (budget_kind IN ('决算', '预算', '预测')),
    gpb_revenue         DOUBLE NOT NULL CHECK (gpb_revenue >= 0),
    gpb_expenditure     DOUBLE NOT NULL CHECK (gpb_expenditure > 0),
    ppp_obligations     DOUBLE NOT NULL CHECK (ppp_obligations >= 0)
);
COMMENT ON TABLE budgets IS '一般公共预算|row per county and year|County general public budget and existing PPP fiscal obligations (财金〔2015〕21号 red line)';
COMMENT ON COLUMN budgets.county_code IS '区县代码||County-level GB/T 2260 code';
COMMENT ON COLUMN budgets.year IS '年度||Budget year';
COMMENT ON COLUMN budgets.budget_kind IS '口径||决算 (final accounts) / 预算 (adopted budget) / 预测 (projection)';
COMMENT ON COLUMN budgets.gpb_revenue IS '一般公共预算收入|万元|General public budget revenue';
COMMENT ON COLUMN budgets.gpb_expenditure IS '一般公共预算支出|万元|General public budget expenditure: the denominator of the 10% PPP red line';
COMMENT ON COLUMN budgets.ppp_obligations IS '存量PPP财政支出责任|万元|All existing PPP fiscal obligations of the county government that year (all sectors)';

CREATE TABLE townships (
    township_code   VARCHAR NOT NULL CHECK (regexp_full_match(township_code, '32[0-9]{7}')),
    county_code     VARCHAR NOT NULL,
    name            VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL CHECK (kind IN ('街道', '镇', '乡'))
);
COMMENT ON TABLE townships IS '乡镇街道|row per township|街道 / 镇 / 乡 (counts per county from NBS 2022; names fictional)';
COMMENT ON COLUMN townships.township_code IS '乡镇代码||9-digit code: county code + 3 digits';
COMMENT ON COLUMN townships.county_code IS '区县代码||County-level GB/T 2260 code';
COMMENT ON COLUMN townships.name IS '名称||Township name (fictional)';
COMMENT ON COLUMN townships.kind IS '类型||街道 / 镇 / 乡';

CREATE TABLE communities (
    community_id        VARCHAR NOT NULL,
    township_code       VARCHAR NOT NULL,
    county_code         VARCHAR NOT NULL,
    name                VARCHAR NOT NULL,
    kind                VARCHAR NOT NULL CHECK (kind IN ('社区', '村')),
    households          INTEGER NOT NULL CHECK (households > 0),
    population          INTEGER NOT NULL CHECK (population > 0),
    residents_60plus    INTEGER NOT NULL CHECK (residents_60plus >= 0),
    lon                 DOUBLE NOT NULL CHECK (lon BETWEEN 116 AND 122.5),
    lat                 DOUBLE NOT NULL CHECK (lat BETWEEN 30.5 AND 35.5),
    smart_grid_connected BOOLEAN NOT NULL,
    CHECK (residents_60plus <= population)
);
COMMENT ON TABLE communities IS '村（社区）|row per community|Villages (村) and urban communities (社区); location inside the county polygon';
COMMENT ON COLUMN communities.community_id IS '村社区编码||township code + 3 digits';
COMMENT ON COLUMN communities.township_code IS '乡镇代码||Township the community belongs to';
COMMENT ON COLUMN communities.county_code IS '区县代码||County-level GB/T 2260 code';
COMMENT ON COLUMN communities.name IS '名称||Community name (fictional)';
COMMENT ON COLUMN communities.kind IS '类型||社区 (urban) / 村 (village)';
COMMENT ON COLUMN communities.households IS '户数|户|Registered households';
COMMENT ON COLUMN communities.population IS '常住人口|人|Resident population';
COMMENT ON COLUMN communities.residents_60plus IS '60岁以上人口|人|Residents aged 60 and over';
COMMENT ON COLUMN communities.lon IS '经度|° GCJ-02|Community centre';
COMMENT ON COLUMN communities.lat IS '纬度|° GCJ-02|Community centre';
COMMENT ON COLUMN communities.smart_grid_connected IS '接入智慧网格平台||Connected to the 全要素网格通 smart-grid platform';

CREATE TABLE grids (
    grid_id             VARCHAR NOT NULL,
    community_id        VARCHAR NOT NULL,
    county_code         VARCHAR NOT NULL,
    grid_type           VARCHAR NOT NULL CHECK (grid_type IN ('综合网格', '专属网格')),
    households          INTEGER NOT NULL CHECK (households >= 0),
    fulltime_workers    INTEGER NOT NULL CHECK (fulltime_workers >= 0),
    parttime_workers    INTEGER NOT NULL CHECK (parttime_workers >= 0),
    party_branch        BOOLEAN NOT NULL
);
COMMENT ON TABLE grids IS '网格|row per grid|综合网格 (residential) and 专属网格 (schools, hospitals, enterprises)';
COMMENT ON COLUMN grids.grid_id IS '网格编码||community id + 3 digits';
COMMENT ON COLUMN grids.community_id IS '村社区编码||Community the grid lies in';
COMMENT ON COLUMN grids.county_code IS '区县代码||County-level GB/T 2260 code';
COMMENT ON COLUMN grids.grid_type IS '网格类型||综合网格 / 专属网格';
COMMENT ON COLUMN grids.households IS '覆盖户数|户|Households in the grid (0 for most 专属网格)';
COMMENT ON COLUMN grids.fulltime_workers IS '专职网格员|人|Full-time grid workers';
COMMENT ON COLUMN grids.parttime_workers IS '兼职网格员|人|Part-time grid workers';
COMMENT ON COLUMN grids.party_branch IS '建立网格党支部||A party branch (党支部/党小组) is established on the grid';

CREATE TABLE grid_events_monthly (
    grid_id                 VARCHAR NOT NULL,
    county_code             VARCHAR NOT NULL,
    month                   DATE NOT NULL CHECK (day(month) = 1),
    reported_public_safety  INTEGER NOT NULL CHECK (reported_public_safety >= 0),
    reported_environment    INTEGER NOT NULL CHECK (reported_environment >= 0),
    reported_disputes       INTEGER NOT NULL CHECK (reported_disputes >= 0),
    reported_urban_mgmt     INTEGER NOT NULL CHECK (reported_urban_mgmt >= 0),
    reported_livelihood     INTEGER NOT NULL CHECK (reported_livelihood >= 0),
    reported_work_safety    INTEGER NOT NULL CHECK (reported_work_safety >= 0),
    resolved                INTEGER NOT NULL CHECK (resolved >= 0),
    resolved_on_time        INTEGER NOT NULL CHECK (resolved_on_time >= 0),
    mean_response_minutes   DOUBLE CHECK (mean_response_minutes >= 0),
    mean_days_to_close      DOUBLE CHECK (mean_days_to_close >= 0),
    satisfaction_pct        DOUBLE CHECK (satisfaction_pct BETWEEN 0 AND 100),
    CHECK (resolved_on_time <= resolved),
    CHECK (resolved <= reported_public_safety + reported_environment + reported_disputes
                       + reported_urban_mgmt + reported_livelihood + reported_work_safety)
);
COMMENT ON TABLE grid_events_monthly IS '网格事件月报|row per grid and month|Events reported (发现上报) and closed (结案) in the month, by category';
COMMENT ON COLUMN grid_events_monthly.grid_id IS '网格编码||Grid';
COMMENT ON COLUMN grid_events_monthly.county_code IS '区县代码||County-level GB/T 2260 code';
COMMENT ON COLUMN grid_events_monthly.month IS '月份||First day of the month';
COMMENT ON COLUMN grid_events_monthly.reported_public_safety IS '上报-治安隐患|件|Public-safety hazards reported';
COMMENT ON COLUMN grid_events_monthly.reported_environment IS '上报-环境卫生|件|Environment and sanitation events reported';
COMMENT ON COLUMN grid_events_monthly.reported_disputes IS '上报-矛盾纠纷|件|Disputes reported';
COMMENT ON COLUMN grid_events_monthly.reported_urban_mgmt IS '上报-城市管理|件|Urban-management events reported';
COMMENT ON COLUMN grid_events_monthly.reported_livelihood IS '上报-民生服务|件|Livelihood-service requests reported';
COMMENT ON COLUMN grid_events_monthly.reported_work_safety IS '上报-安全生产|件|Work-safety hazards reported';
COMMENT ON COLUMN grid_events_monthly.resolved IS '办结|件|Events closed (结案) among those reported in the month';
COMMENT ON COLUMN grid_events_monthly.resolved_on_time IS '按期办结|件|Closed within the time limit';
COMMENT ON COLUMN grid_events_monthly.mean_response_minutes IS '平均响应时长|分钟|Mean minutes from report to sign-off (签收)';
COMMENT ON COLUMN grid_events_monthly.mean_days_to_close IS '平均办结天数|天|Mean days from report to closure';
COMMENT ON COLUMN grid_events_monthly.satisfaction_pct IS '群众满意率|%|Share of surveyed reporters satisfied';

CREATE TABLE fund_allocations (
    year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    county_code     VARCHAR NOT NULL,
    program         VARCHAR NOT NULL CHECK (program IN ('养老服务', '智慧网格', '老旧小区改造', '垃圾分类', '社区公共设施', '党建阵地')),
    source          VARCHAR NOT NULL CHECK (source IN ('省级专项资金', '市县财政', '社会资本', '专项债', '贴息贷款', 'ABS')),
    as_of_month     INTEGER NOT NULL CHECK (as_of_month BETWEEN 1 AND 12),
    budget          DOUBLE NOT NULL CHECK (budget >= 0),
    disbursed       DOUBLE NOT NULL CHECK (disbursed >= 0),
    executed        DOUBLE NOT NULL CHECK (executed >= 0),
    CHECK (executed <= disbursed * 1.0001 + 0.01)
);
COMMENT ON TABLE fund_allocations IS '资金配置|row per year, county, program and source|Budgeted, disbursed (拨付) and executed (支出) funds, cumulative to as_of_month';
COMMENT ON COLUMN fund_allocations.year IS '年度||Fiscal year';
COMMENT ON COLUMN fund_allocations.county_code IS '区县代码||County-level GB/T 2260 code';
COMMENT ON COLUMN fund_allocations.program IS '资金投向||Program: 养老服务 / 智慧网格 / 老旧小区改造 / 垃圾分类 / 社区公共设施 / 党建阵地';
COMMENT ON COLUMN fund_allocations.source IS '资金来源||Source: 省级专项资金 / 市县财政 / 社会资本 / 专项债 / 贴息贷款 / ABS';
COMMENT ON COLUMN fund_allocations.as_of_month IS '截至月份||Figures are cumulative to this month of the year (12 = full year)';
COMMENT ON COLUMN fund_allocations.budget IS '预算安排|万元|Annual amount arranged';
COMMENT ON COLUMN fund_allocations.disbursed IS '已拨付|万元|Amount disbursed to implementing units';
COMMENT ON COLUMN fund_allocations.executed IS '已支出|万元|Amount actually spent (执行)';

CREATE TABLE projects (
    project_id          VARCHAR NOT NULL,
    county_code         VARCHAR NOT NULL,
    name                VARCHAR NOT NULL,
    program             VARCHAR NOT NULL CHECK (program IN ('养老服务', '智慧网格', '老旧小区改造', '垃圾分类', '社区公共设施', '党建阵地')),
    model               VARCHAR NOT NULL CHECK (model IN ('政府直投', '专项债', 'PPP-使用者付费', '存量PPP-可行性缺口补助', 'BOT', 'ABS', '贴息贷款')),
    total_investment    DOUBLE NOT NULL CHECK (total_investment > 0),
    social_capital      DOUBLE NOT NULL CHECK (social_capital >= 0),
    start_date          DATE NOT NULL,
    term_years          INTEGER NOT NULL CHECK (term_years BETWEEN 1 AND 40),
    status              VARCHAR NOT NULL CHECK (status IN ('前期', '在建', '运营', '完工', '暂停')),
    performance_score   DOUBLE CHECK (performance_score BETWEEN 0 AND 100),
    risk_level          VARCHAR NOT NULL CHECK (risk_level IN ('低', '中', '高')),
    annual_gov_payment  DOUBLE NOT NULL CHECK (annual_gov_payment >= 0),
    payment_start_year  INTEGER,
    payment_end_year    INTEGER,
    CHECK (social_capital <= total_investment),
    CHECK (payment_end_year IS NULL OR payment_end_year >= payment_start_year)
);
COMMENT ON TABLE projects IS '项目库|row per project|Governance projects with their financing model and monitoring status';
COMMENT ON COLUMN projects.project_id IS '项目编号||Unique project id';
COMMENT ON COLUMN projects.county_code IS '区县代码||County-level GB/T 2260 code';
COMMENT ON COLUMN projects.name IS '项目名称||Project name (fictional)';
COMMENT ON COLUMN projects.program IS '资金投向||Program the project belongs to';
COMMENT ON COLUMN projects.model IS '建设运营模式||政府直投 / 专项债 / PPP-使用者付费 / 存量PPP-可行性缺口补助 / BOT / ABS / 贴息贷款';
COMMENT ON COLUMN projects.total_investment IS '总投资|万元|Total investment';
COMMENT ON COLUMN projects.social_capital IS '社会资本投入|万元|Private (social) capital invested';
COMMENT ON COLUMN projects.start_date IS '开工日期||Planned or actual start';
COMMENT ON COLUMN projects.term_years IS '合作期限|年|Term (franchise / cooperation / bond tenor)';
COMMENT ON COLUMN projects.status IS '项目状态||前期 / 在建 / 运营 / 完工 / 暂停';
COMMENT ON COLUMN projects.performance_score IS '第三方绩效评分|分|Third-party performance evaluation, 0–100';
COMMENT ON COLUMN projects.risk_level IS '风险等级||低 / 中 / 高';
COMMENT ON COLUMN projects.annual_gov_payment IS '年度政府支出责任|万元|Yearly fiscal obligation from this project (PPP subsidy or payment)';
COMMENT ON COLUMN projects.payment_start_year IS '支出责任起始年||First year of the obligation';
COMMENT ON COLUMN projects.payment_end_year IS '支出责任终止年||Last year of the obligation';

CREATE TABLE project_milestones (
    project_id      VARCHAR NOT NULL,
    seq             INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 20),
    milestone       VARCHAR NOT NULL,
    is_key          BOOLEAN NOT NULL,
    planned_date    DATE NOT NULL,
    actual_date     DATE
);
COMMENT ON TABLE project_milestones IS '项目节点|row per project milestone|Planned against actual dates';
COMMENT ON COLUMN project_milestones.project_id IS '项目编号||Project';
COMMENT ON COLUMN project_milestones.seq IS '序号||Order of the milestone';
COMMENT ON COLUMN project_milestones.milestone IS '节点名称||立项 / 可研批复 / 招标采购 / 开工 / 主体完工 / 竣工验收 / 投入运营';
COMMENT ON COLUMN project_milestones.is_key IS '关键节点||Key milestone (delays are flagged)';
COMMENT ON COLUMN project_milestones.planned_date IS '计划日期||Planned date';
COMMENT ON COLUMN project_milestones.actual_date IS '实际日期||Actual date (empty while not reached)';

-- Derived, not an export: written by every build and import from `projects` (governance/core/warehouse/
-- project_payments.py with governance/core/finance/library.py, the one definition the demo budgets also use), so the
-- 21号 constants stay out of SQL.
CREATE TABLE project_payments (
    project_id      VARCHAR NOT NULL,
    county_code     VARCHAR NOT NULL,
    year            INTEGER NOT NULL,
    payment         DOUBLE NOT NULL CHECK (payment >= 0)
);
COMMENT ON TABLE project_payments IS '项目库年度支出责任|row per project and payment year|Yearly PPP fiscal obligation of each library project: the 财金〔2015〕21号 stream for 存量PPP-可行性缺口补助 (compounding at the discount rate from the recorded first-year payment), the flat recorded payment otherwise; derived from projects at build time';
COMMENT ON COLUMN project_payments.project_id IS '项目编号||Project';
COMMENT ON COLUMN project_payments.county_code IS '区县代码||County-level GB/T 2260 code';
COMMENT ON COLUMN project_payments.year IS '年度|年|Calendar year of the payment';
COMMENT ON COLUMN project_payments.payment IS '年度政府支出责任|万元|Government payment due in that year';

CREATE TABLE elderly_facilities (
    facility_id         VARCHAR NOT NULL,
    county_code         VARCHAR NOT NULL,
    community_id        VARCHAR,
    name                VARCHAR NOT NULL,
    facility_type       VARCHAR NOT NULL CHECK (facility_type IN ('养老机构', '街道综合养老服务中心', '社区居家养老服务站', '助餐点')),
    operator_model      VARCHAR NOT NULL CHECK (operator_model IN ('公办公营', '公建民营', '民办')),
    beds                INTEGER NOT NULL CHECK (beds >= 0),
    nursing_beds        INTEGER NOT NULL CHECK (nursing_beds >= 0),
    occupied_beds       INTEGER NOT NULL CHECK (occupied_beds >= 0),
    annual_operating_cost DOUBLE NOT NULL CHECK (annual_operating_cost >= 0),
    opened_year         INTEGER NOT NULL CHECK (opened_year BETWEEN 1950 AND 2100),
    lon                 DOUBLE NOT NULL CHECK (lon BETWEEN 116 AND 122.5),
    lat                 DOUBLE NOT NULL CHECK (lat BETWEEN 30.5 AND 35.5),
    CHECK (nursing_beds <= beds),
    CHECK (occupied_beds <= beds)
);
COMMENT ON TABLE elderly_facilities IS '养老服务设施|row per facility|Institutions, street comprehensive centres, community stations and meal points';
COMMENT ON COLUMN elderly_facilities.facility_id IS '设施编码||Unique facility id';
COMMENT ON COLUMN elderly_facilities.county_code IS '区县代码||County-level GB/T 2260 code';
COMMENT ON COLUMN elderly_facilities.community_id IS '村社区编码||Community served (empty for county-level institutions)';
COMMENT ON COLUMN elderly_facilities.name IS '设施名称||Facility name (fictional)';
COMMENT ON COLUMN elderly_facilities.facility_type IS '设施类型||养老机构 / 街道综合养老服务中心 / 社区居家养老服务站 / 助餐点';
COMMENT ON COLUMN elderly_facilities.operator_model IS '运营模式||公办公营 / 公建民营 / 民办';
COMMENT ON COLUMN elderly_facilities.beds IS '床位数|张|Beds';
COMMENT ON COLUMN elderly_facilities.nursing_beds IS '护理型床位|张|Nursing-type beds';
COMMENT ON COLUMN elderly_facilities.occupied_beds IS '在住人数|张|Occupied beds at the latest month';
COMMENT ON COLUMN elderly_facilities.annual_operating_cost IS '年运营成本|万元|Annual operating cost';
COMMENT ON COLUMN elderly_facilities.opened_year IS '启用年份||Year opened';
COMMENT ON COLUMN elderly_facilities.lon IS '经度|° GCJ-02|Location';
COMMENT ON COLUMN elderly_facilities.lat IS '纬度|° GCJ-02|Location';

CREATE TABLE elderly_services_monthly (
    facility_id     VARCHAR NOT NULL,
    county_code     VARCHAR NOT NULL,
    month           DATE NOT NULL CHECK (day(month) = 1),
    meals_served    INTEGER NOT NULL CHECK (meals_served >= 0),
    home_visits     INTEGER NOT NULL CHECK (home_visits >= 0),
    service_hours   DOUBLE NOT NULL CHECK (service_hours >= 0),
    people_served   INTEGER NOT NULL CHECK (people_served >= 0),
    satisfaction_pct DOUBLE CHECK (satisfaction_pct BETWEEN 0 AND 100)
);
COMMENT ON TABLE elderly_services_monthly IS '养老服务月报|row per facility and month|Services delivered';
COMMENT ON COLUMN elderly_services_monthly.facility_id IS '设施编码||Facility';
COMMENT ON COLUMN elderly_services_monthly.county_code IS '区县代码||County-level GB/T 2260 code';
COMMENT ON COLUMN elderly_services_monthly.month IS '月份||First day of the month';
COMMENT ON COLUMN elderly_services_monthly.meals_served IS '助餐份数|份|Meals served';
COMMENT ON COLUMN elderly_services_monthly.home_visits IS '上门服务|次|Home visits';
COMMENT ON COLUMN elderly_services_monthly.service_hours IS '服务时长|小时|Service hours';
COMMENT ON COLUMN elderly_services_monthly.people_served IS '服务人数|人|Distinct people served';
COMMENT ON COLUMN elderly_services_monthly.satisfaction_pct IS '满意率|%|Share of surveyed users satisfied';

CREATE TABLE waste_sorting_monthly (
    community_id        VARCHAR NOT NULL,
    county_code         VARCHAR NOT NULL,
    month               DATE NOT NULL CHECK (day(month) = 1),
    participation_pct   DOUBLE NOT NULL CHECK (participation_pct BETWEEN 0 AND 100),
    accuracy_pct        DOUBLE NOT NULL CHECK (accuracy_pct BETWEEN 0 AND 100),
    kitchen_t           DOUBLE NOT NULL CHECK (kitchen_t >= 0),
    recyclable_t        DOUBLE NOT NULL CHECK (recyclable_t >= 0),
    hazardous_t         DOUBLE NOT NULL CHECK (hazardous_t >= 0),
    other_t             DOUBLE NOT NULL CHECK (other_t >= 0),
    smart_equipment     BOOLEAN NOT NULL
);
COMMENT ON TABLE waste_sorting_monthly IS '垃圾分类月报|row per community and month|Participation, accuracy and tonnage by stream';
COMMENT ON COLUMN waste_sorting_monthly.community_id IS '村社区编码||Community';
COMMENT ON COLUMN waste_sorting_monthly.county_code IS '区县代码||County-level GB/T 2260 code';
COMMENT ON COLUMN waste_sorting_monthly.month IS '月份||First day of the month';
COMMENT ON COLUMN waste_sorting_monthly.participation_pct IS '参与率|%|Participating households ÷ all households';
COMMENT ON COLUMN waste_sorting_monthly.accuracy_pct IS '准确率|%|Correctly sorted ÷ total';
COMMENT ON COLUMN waste_sorting_monthly.kitchen_t IS '厨余垃圾|吨|Kitchen waste';
COMMENT ON COLUMN waste_sorting_monthly.recyclable_t IS '可回收物|吨|Recyclables';
COMMENT ON COLUMN waste_sorting_monthly.hazardous_t IS '有害垃圾|吨|Hazardous waste';
COMMENT ON COLUMN waste_sorting_monthly.other_t IS '其他垃圾|吨|Residual waste';
COMMENT ON COLUMN waste_sorting_monthly.smart_equipment IS '智能回收设备||Smart sorting equipment in service that month';

CREATE TABLE resident_councils (
    community_id    VARCHAR NOT NULL,
    county_code     VARCHAR NOT NULL,
    council_type    VARCHAR NOT NULL CHECK (council_type IN ('居民自治委员会', '社区协商议事会')),
    month           DATE NOT NULL CHECK (day(month) = 1),
    meetings        INTEGER NOT NULL CHECK (meetings >= 0),
    participants    INTEGER NOT NULL CHECK (participants >= 0),
    proposals       INTEGER NOT NULL CHECK (proposals >= 0),
    adopted         INTEGER NOT NULL CHECK (adopted >= 0),
    CHECK (adopted <= proposals)
);
COMMENT ON TABLE resident_councils IS '居民议事|row per community, council type and month|Meetings, proposals and adoption of resident councils';
COMMENT ON COLUMN resident_councils.community_id IS '村社区编码||Community';
COMMENT ON COLUMN resident_councils.county_code IS '区县代码||County-level GB/T 2260 code';
COMMENT ON COLUMN resident_councils.council_type IS '议事组织||居民自治委员会 / 社区协商议事会';
COMMENT ON COLUMN resident_councils.month IS '月份||First day of the month';
COMMENT ON COLUMN resident_councils.meetings IS '会议次数|次|Meetings held';
COMMENT ON COLUMN resident_councils.participants IS '参会人次|人次|Resident attendances';
COMMENT ON COLUMN resident_councils.proposals IS '议题提案|件|Proposals tabled';
COMMENT ON COLUMN resident_councils.adopted IS '采纳落实|件|Proposals adopted';

CREATE TABLE innovation_cases (
    case_id         VARCHAR NOT NULL,
    county_code     VARCHAR NOT NULL,
    title           VARCHAR NOT NULL,
    category        VARCHAR NOT NULL CHECK (category IN ('网格治理', '养老服务', '垃圾分类', '居民自治', '资金创新', '数字治理')),
    year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    summary         VARCHAR NOT NULL,
    indicator       VARCHAR NOT NULL,
    unit            VARCHAR,
    value_before    DOUBLE NOT NULL,
    value_after     DOUBLE NOT NULL,
    higher_is_better BOOLEAN NOT NULL,
    replicability   INTEGER NOT NULL CHECK (replicability BETWEEN 1 AND 5)
);
COMMENT ON TABLE innovation_cases IS '微创新案例库|row per case|Fictional grassroots micro-innovation cases for experience-sharing events';
COMMENT ON COLUMN innovation_cases.case_id IS '案例编号||Unique case id';
COMMENT ON COLUMN innovation_cases.county_code IS '区县代码||County-level GB/T 2260 code';
COMMENT ON COLUMN innovation_cases.title IS '案例名称||Title (fictional)';
COMMENT ON COLUMN innovation_cases.category IS '类别||网格治理 / 养老服务 / 垃圾分类 / 居民自治 / 资金创新 / 数字治理';
COMMENT ON COLUMN innovation_cases.year IS '年份||Year launched';
COMMENT ON COLUMN innovation_cases.summary IS '做法摘要||What was done';
COMMENT ON COLUMN innovation_cases.indicator IS '成效指标||Indicator the case moved';
COMMENT ON COLUMN innovation_cases.unit IS '单位||Unit of the indicator';
COMMENT ON COLUMN innovation_cases.value_before IS '实施前|unit|Indicator before';
COMMENT ON COLUMN innovation_cases.value_after IS '实施后|unit|Indicator after';
COMMENT ON COLUMN innovation_cases.higher_is_better IS '越高越好||Direction of improvement';
COMMENT ON COLUMN innovation_cases.replicability IS '可复制性|1–5|How readily other counties can copy it';
