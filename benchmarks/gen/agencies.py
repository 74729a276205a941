"""Realistic agency names (省/市/区县 level) for the generated reports."""

from __future__ import annotations

import random

PROVINCE_CITIES: dict[str, dict[str, tuple[str, ...]]] = {
    "山东省": {
        "青岛市": ("市南区", "市北区", "黄岛区", "崂山区", "李沧区", "城阳区", "胶州市"),
        "淄博市": ("张店区", "淄川区", "博山区", "临淄区", "周村区", "桓台县", "高青县"),
        "烟台市": ("芝罘区", "福山区", "牟平区", "莱山区", "龙口市", "莱阳市"),
        "济宁市": ("任城区", "兖州区", "曲阜市", "邹城市", "微山县", "鱼台县"),
    },
    "浙江省": {
        "杭州市": ("上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "桐庐县", "淳安县"),
        "宁波市": ("海曙区", "江北区", "北仑区", "镇海区", "鄞州区", "象山县", "宁海县"),
        "温州市": ("鹿城区", "龙湾区", "瓯海区", "洞头区", "永嘉县", "平阳县"),
    },
    "江苏省": {
        "苏州市": ("姑苏区", "虎丘区", "吴中区", "相城区", "吴江区", "常熟市", "昆山市"),
        "无锡市": ("梁溪区", "锡山区", "惠山区", "滨湖区", "新吴区", "江阴市", "宜兴市"),
        "南京市": ("玄武区", "秦淮区", "建邺区", "鼓楼区", "浦口区", "栖霞区", "溧水区"),
    },
    "四川省": {
        "成都市": ("锦江区", "青羊区", "金牛区", "武侯区", "成华区", "双流区", "大邑县"),
        "绵阳市": ("涪城区", "游仙区", "安州区", "三台县", "盐亭县", "梓潼县"),
    },
    "湖南省": {
        "长沙市": ("芙蓉区", "天心区", "岳麓区", "开福区", "雨花区", "望城区", "长沙县"),
        "株洲市": ("荷塘区", "芦淞区", "石峰区", "天元区", "渌口区", "攸县", "茶陵县"),
    },
    "河南省": {
        "郑州市": ("中原区", "二七区", "金水区", "惠济区", "管城回族区", "中牟县", "巩义市"),
        "洛阳市": ("老城区", "西工区", "瀍河回族区", "涧西区", "偃师区", "孟津区", "新安县"),
    },
}

DEPARTMENTS = (
    "人力资源和社会保障局",
    "生态环境局",
    "自然资源和规划局",
    "住房和城乡建设局",
    "市场监督管理局",
    "教育局",
    "卫生健康委员会",
    "交通运输局",
    "民政局",
    "司法局",
    "财政局",
    "应急管理局",
    "农业农村局",
    "水利局",
    "文化和旅游局",
    "医疗保障局",
    "统计局",
    "退役军人事务局",
)
PROVINCIAL_DEPARTMENTS = (
    "人力资源和社会保障厅",
    "生态环境厅",
    "自然资源厅",
    "住房和城乡建设厅",
    "交通运输厅",
    "民政厅",
    "司法厅",
    "教育厅",
    "水利厅",
)


def agency_name(rng: random.Random) -> str:
    """A plausible issuing agency: a provincial 厅, a city or district 局, or a 人民政府."""
    province = rng.choice(sorted(PROVINCE_CITIES))
    city = rng.choice(sorted(PROVINCE_CITIES[province]))
    district = rng.choice(PROVINCE_CITIES[province][city])
    kind = rng.choices(
        ("province", "city", "district", "district_gov", "city_gov_office"),
        weights=(1, 4, 4, 2, 1),
    )[0]
    if kind == "province":
        return province + rng.choice(PROVINCIAL_DEPARTMENTS)
    if kind == "city":
        return city + rng.choice(DEPARTMENTS)
    if kind == "district":
        return city + district + rng.choice(DEPARTMENTS)
    if kind == "district_gov":
        return city + district + "人民政府"
    return city + "人民政府办公室"
