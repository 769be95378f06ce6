"""How a question is reduced before it is matched: one spelling per term.

People ask in Simplified or Traditional Chinese, in English or in a mix, and type
with a pinyin input method, so that 备按 stands for 备案 and 注消 for 注销. The
question and every lexicon term go through the same reduction:

1. NFKC (full-width letters and digits become ASCII) and lower case;
2. Traditional characters become Simplified (``TRADITIONAL``, the characters
   these questions use; not a general converter);
3. characters a pinyin input method confuses with a domain term's character
   become that character (``HOMOPHONES``), so 备按, 被案 and 备安 all read 备案;
4. the text is split into a compact form (letters, digits and Han characters,
   spaces dropped, "|" where punctuation was: Chinese terms are found in it)
   and English word tokens, lightly stemmed and, for a question,
   spell-corrected against the lexicon's English vocabulary (``Speller``).

Mapping characters on both sides only ever merges spellings: a term still has to
occur as a whole. The risk is everyday text that merges into a term (with 两 read
as 量, 备案两个网站 would contain 按量), so the groups leave the commonest
characters out (see ``HOMOPHONES``).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable, NamedTuple

# Pairs "繁简" of Traditional characters and their Simplified forms.
TRADITIONAL = """
備备 號号 務务 註注 銷销 復复 複复 與与 為为 爲为 麼么 麽么 個个 們们 這这 裡里 裏里 後后 時时 間间
過过 還还 沒没 無无 見见 現现 開开 關关 門门 問问 題题 請请 讓让 說说 話话 認认 證证 識识 錯错 誤误
對对 應应 當当 從从 來来 會会 長长 張张 帳账 賬账 戶户 碼码 網网 際际 線线 連连 聯联 絡络 機机 雲云
計计 費费 買买 賣卖 購购 錢钱 價价 單单 筆笔 訂订 額额 塊块 續续 經经 營营 業业 產产 實实 區区 陸陆
內内 國国 灣湾 臺台 颱台 寬宽 頻频 帶带 條条 規规 則则 滿满 盡尽 儘尽 夠够 達达 數数 據据 處处 辦办
審审 啟启 啓启 動动 刪删 廢废 換换 舊旧 種种 類类 樣样 嗎吗 該该 須须 決决 難难 違违 資资 訊讯 準准
確确 體体 頁页 鈕钮 紐纽 點点 擊击 顯显 項项 選选 擇择 設设 變变 轉转 權权 級级 隨随 歲岁 兩两 幾几
員员 給给 別别 電电 腦脑 郵邮 驗验 頭头 發发 髮发 稅税 組组 織织 構构 標标 誌志 許许 執执 紙纸 圖图
書书 簽签 籤签 蓋盖 寫写 錄录 遠远 約约 檢检 週周 邊边 進进 狀状 態态 導导 況况 棄弃 補补 貴贵 優优
餘余 佔占 頂顶 將将 於于 並并 併并 隻只 衹只 祇只 僅仅 獲获 協协 場场 絕绝 傳传 輸输 層层 簡简 親亲
愛爱 謝谢 幫帮 車车 馬马 風风 飛飞 氣气 溫温 熱热 鐘钟 鍾钟 虛虚 擬拟 輕轻 綁绑 係系 繫系 齊齐 稱称
討讨 論论 韓韩 歐欧 萬万 億亿 戲戏 劇剧 醫医 療疗 藥药 學学 習习 課课 視视 聽听 讀读 節节 廣广 辭辞
靈灵 斷断 紀纪 鏈链 鍊链 結结 專专 屬属 獨独 預预 儲储 庫库 彈弹 雜杂 亂乱 雙双 華华 騰腾 貝贝 寶宝
東东 龍龙 縣县 鄉乡 樓楼 廳厅 館馆 廠厂 園园 團团 隊队 護护 衛卫 監监 繳缴 納纳 贈赠 統统 劃划 範范
圍围 屆届 鬆松 緊紧 縮缩 擴扩 漲涨 賦赋 獎奖 罰罚 貨货 幣币 銀银 鎖锁 鑰钥 鏡镜 顏颜 觸触 螢萤 聲声
響响 樂乐 遊游 纜缆 夢梦 夥伙 災灾 險险 寧宁 靜静 憂忧 慮虑 懷怀 歡欢 齡龄 歷历 曆历 曉晓 暫暂 頃顷
願愿 順顺 領领 顧顾 飯饭 飲饮 駁驳 駕驾 騎骑 鬧闹 魚鱼 鳥鸟 黨党 裝装 測测 試试 訪访 淨净 濟济 鐵铁
針针 鋼钢 鍵键 閉闭 閱阅 閒闲 陽阳 陰阴 隱隐 雖虽 雞鸡 離离 韻韵 養养 驅驱 鬥斗 麵面 嚴严 夾夹 奪夺
師师 幹干 彎弯 徑径 徵征 憑凭 戰战 擁拥 擔担 擠挤 攝摄 敵敌 暈晕 樹树 橋桥 檔档 櫃柜 歸归 殘残 殼壳
淺浅 溝沟 滅灭 滬沪 漢汉 潔洁 澤泽 濃浓 濕湿 烏乌 煙烟 燈灯 爭争 牆墙 猶犹 環环 畫画 異异 疊叠 盤盘
眾众 礎础 禮礼 禍祸 穩稳 窮穷 競竞 築筑 糧粮 紅红 紛纷 細细 終终 絲丝 綠绿 維维 緒绪 緣缘 編编 緩缓
練练 總总 績绩 繩绳 繼继 罷罢 聖圣 聞闻 職职 腳脚 臉脸 臨临 興兴 舉举 藝艺 莊庄 葉叶 蘇苏 蟲虫 術术
衝冲 製制 覺觉 觀观 覽览 訓训 記记 訴诉 診诊 詞词 詢询 諮咨 詳详 誠诚 語语 誰谁 調调 談谈 諸诸 講讲
譯译 議议 負负 財财 責责 質质 貸贷 貼贴 賓宾 賞赏 賠赔 賴赖 賽赛 贊赞 贏赢 趕赶 跡迹 蹤踪 躍跃 軌轨
軟软 較较 載载 輔辅 輛辆 輪轮 輯辑 農农 運运 遞递 適适 遲迟 遷迁 遺遗 鄰邻 釋释 鈴铃 鋪铺 鍋锅 閃闪
陳陈 陣阵 階阶 隸隶 霧雾 頓顿 頒颁 飽饱 飾饰 駐驻 騙骗 魯鲁 鮮鲜 麥麦 黃黄 亂乱 佈布 來来 倉仓 偉伟
側侧 傑杰 傷伤 傾倾 價价 儀仪 兒儿 冊册 凍冻 創创 劑剂 勁劲 勞劳 勢势 卻却 參参 員员 喪丧 嘗尝 噴喷
圓圆 堅坚 報报 塵尘 墊垫 壓压 壞坏 壯壮 奧奥 奮奋 婦妇 媽妈 學学 導导 嶺岭 強强 彌弥 彙汇 徹彻 慘惨
慣惯 慶庆 憶忆 懸悬 拋抛 捨舍 掃扫 掛挂 採采 揚扬 損损 搖摇 搶抢 擋挡 擺摆 擾扰 攜携 敗败 敘叙 晉晋
暢畅 極极 槍枪 橫横 殺杀 毀毁 潛潜 濾滤 瀏浏 爛烂 爾尔 牽牵 獻献 畢毕 盜盗 碩硕 磚砖 禦御 積积 竊窃
籌筹 糾纠 純纯 紳绅 綜综 締缔 緯纬 繪绘 纖纤 羅罗 義义 聰聪 膽胆 膚肤 臟脏 艱艰 蒼苍 蓮莲 蕭萧 薦荐
藍蓝 蘭兰 蝦虾 譽誉 讚赞 豐丰 豬猪 貓猫 賺赚 踐践 軍军 輝辉 輩辈 轟轰 邏逻 遙遥 醜丑 釣钓 鈔钞 銅铜
銳锐 錶表 鏟铲 鑑鉴 鑒鉴 閣阁 闆板 闖闯 雛雏 韌韧 顆颗 顛颠 飄飘 餵喂 饑饥 驕骄 髒脏 鬍胡 鬱郁 鳳凤
鴻鸿 鵝鹅 鷹鹰 麗丽 龐庞 龜龟 迴回 瞭了 託托 裡里 啟启 妳你 祢你 纔才 甦苏 穀谷 蔔卜 捲卷 劵券 撥拨
撤撤 徑径 剛刚 囉啰 嘍喽 吶呐 唄呗 喚唤 噹当 嚮向 壇坛 夠够 孫孙 尋寻 峽峡 島岛 帥帅 廂厢 廈厦 廚厨
廁厕 彥彦 惡恶 愛爱 態态 慚惭 慾欲 懶懒 戶户 擊击 擬拟 攤摊 數数 斂敛 曬晒 棟栋 楓枫 榮荣 槓杠 樞枢
櫥橱 歎叹 嘆叹 氫氢 沖冲 淚泪 渦涡 漁渔 灑洒 灘滩 煉炼 煩烦 犧牺 獅狮 瑣琐 癢痒 皺皱 盞盏 矯矫 禪禅
稻稻 箏筝 紮扎 絆绊 繡绣 罈坛 聯联 肅肃 脅胁 艙舱 艦舰 藉借 號号 螞蚂 蠟蜡 覓觅 訂订 註注 證证 賬账
贈赠 趙赵 跡迹 蹟迹 鄭郑 醞酝 鉛铅 銜衔 錯错 鍛锻 鎮镇 鐘钟 闊阔 陝陕 隨随 顫颤 飼饲 餃饺 騷骚 鯨鲸
鴨鸭 麼么 黴霉 齒齿 龍龙 劉刘 楊杨 吳吴 謝谢 湯汤 羅罗 蔣蒋 薩萨 盧卢 瑪玛 畝亩 矚瞩 滷卤 鹵卤 鹽盐
亞亚 倫伦 詐诈 諾诺 賭赌 紹绍 鉤钩 驟骤 遜逊 檻槛 著着
"""

# Groups of characters a pinyin input method offers for one syllable (tones
# ignored); each group is written with the character the domain's terms use
# first, and every other character of it reads as that one. Only the syllables
# of the key terms are here, and only characters people plausibly pick by
# mistake. Characters so common that merging them makes a term out of everyday
# text are left out: 好 (备案好了), 两 (备案两个网站 would hold 按量), 需
# (备案需要 would hold 按需), 小, 会, 万, 审; and no group for qi (服务器限额
# would hold 期限) or xian (上线 is not 上限).
HOMOPHONES = (
    "备被倍背贝呗辈杯悲碑卑",          # bei: 备案
    "案按安岸暗俺鞍桉胺",              # an: 备案, 按钮, 按量
    "服复付福副伏扶浮府富附负覆赴腹夫肤辅幅符俯",  # fu: 服务, 恢复, 复用, 付费
    "务物误雾悟屋无五午舞武勿吴污乌伍",  # wu: 服务, 物联网, 无
    "号毫豪浩耗郝嚎皓昊",              # hao: 服务号, 备案号 (not 好: 备案好了 is not 备案号)
    "注主住柱驻祝助猪朱珠竹煮嘱铸筑诸逐烛株",    # zhu: 注销
    "销消效校笑晓肖孝宵萧削硝霄箫潇",  # xiao: 注销, 撤销, 有效
    "恢回灰挥辉徽",                    # hui: 恢复 (回复 is the usual slip)
    "联连练恋链莲怜帘廉炼",            # lian: 物联网
    "网往忘王望旺汪亡枉妄",            # wang: 公网, 物联网
    "套逃桃讨涛陶淘掏滔萄",            # tao: 套餐包
    "餐参残惨灿蚕惭",                  # can: 套餐
    "包保报宝抱饱薄爆暴豹堡胞褒苞煲鲍",  # bao: 套餐包, 包年包月
    "钮扭纽牛妞",                      # niu: 按钮
    "申身深神伸沈绅肾渗慎甚什",        # shen: 申请
    "请清青情轻庆晴倾卿氢擎顷",        # qing: 申请
    "公工共功攻供宫弓恭躬拱贡巩汞",    # gong: 公网
    "带代待袋戴贷呆歹逮殆怠黛",        # dai: 带宽
    "宽款",                            # kuan: 带宽
    "完玩晚碗弯丸挽婉宛腕",            # wan: 用完
    "删山闪善扇衫杉擅膳珊煽",          # shan: 删除
    "除出处初储触楚础厨锄雏橱",        # chu: 删除
    "续须序叙绪蓄旭絮",                # xu: 续费
    "过国果锅裹郭",                    # guo: 过期
    "到道倒导盗稻悼蹈岛",              # dao: 到期
    "账帐张章涨掌仗障丈胀",            # zhang: 账号
    "云运允韵匀",                      # yun: 阿里云
    "撤车彻扯澈",                      # che: 撤销
    "吊掉钓刁雕",                      # diao: 吊销
    "量亮良辆谅凉粮",                  # liang: 按量
    "单但担蛋弹淡丹胆旦诞",            # dan: 单笔订单
    "重冲充崇宠",                      # chong: 重新, 重复
    "作做坐座左昨佐",                  # zuo: 作废
    "费废飞非肥匪菲肺沸啡妃",          # fei: 付费, 作废
    "用永拥泳勇涌咏",                  # yong: 复用, 使用 (永久 reads 用久 on both sides)
)


def _translation_table() -> dict[int, str]:
    to_simplified: dict[str, str] = {}
    for pair in TRADITIONAL.split():
        traditional, simplified = pair
        if to_simplified.get(traditional, simplified) != simplified:
            raise ValueError(f"two Simplified forms for {traditional}")
        if traditional != simplified:
            to_simplified[traditional] = simplified
    head: dict[str, str] = {}
    for group in HOMOPHONES:
        for char in group:
            if char in head:
                raise ValueError(f"{char} is in two homophone groups")
            head[char] = group[0]
    table = {ord(c): head.get(s, s) for c, s in to_simplified.items()}
    table.update({ord(c): h for c, h in head.items() if c != h})
    return table


_TABLE = _translation_table()
_SPACE = re.compile(r"\s+")
_BREAK = re.compile(r"[\W_]+")
_WORD = re.compile(r"[a-z0-9]+")
# Words whose stem would merge them with an everyday word: filing is not file.
_KEEP = {"filing": "filing", "filings": "filing", "filed": "filed"}


def canonical_chars(text: str) -> str:
    """NFKC, lower case, Simplified, homophones merged; spacing kept."""
    return unicodedata.normalize("NFKC", text).lower().translate(_TABLE)


def compact(text: str) -> str:
    """Letters, digits and Han characters in order, spaces dropped, "|" where punctuation was."""
    return _BREAK.sub("|", _SPACE.sub("", text))


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    """A light English stemmer: enough to merge plurals and tenses.

    A final e is dropped too, so that expire, expires and expired all read expir.
    """
    if word in _KEEP:
        return _KEEP[word]
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) >= 6:
        word = word[:-3]
    elif word.endswith("ed") and len(word) >= 5:
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss") and len(word) >= 4:
        word = word[:-1]
    if word.endswith("e") and len(word) >= 4:
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    """Stemmed English (and pinyin, digit) words of already canonical text."""
    return [stem(w) for w in _WORD.findall(text)]


class Speller:
    """Corrects English words one edit away from the lexicon's vocabulary.

    Symmetric deletion (as SymSpell does): two words are at most one edit apart
    (insertion, deletion, substitution or swap of neighbours) when they share a
    one-deletion variant. Only words of six letters or more are corrected, so
    short everyday words (reset, reuse) are never mistaken for each other.
    """

    MIN_LENGTH = 6
    MAX_LENGTH = 24     # nothing longer is a word worth correcting (and deletions cost its square)

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._known = frozenset(vocabulary)
        self._by_variant: dict[str, str] = {}
        for word in sorted(self._known):
            if self.MIN_LENGTH <= len(word) <= self.MAX_LENGTH and word.isalpha():
                for variant in (word, *_deletions(word)):
                    self._by_variant.setdefault(variant, word)

    def correct(self, word: str) -> str:
        if word in self._known or not self.MIN_LENGTH <= len(word) <= self.MAX_LENGTH or not word.isalpha():
            return word
        for variant in (word, *_deletions(word)):
            found = self._by_variant.get(variant)
            if found is not None:
                return found
        return word


def _deletions(word: str) -> Iterable[str]:
    return (word[:i] + word[i + 1:] for i in range(len(word)))


class Text(NamedTuple):
    """A question as the matcher sees it."""

    compact: str        # canonical Han characters, letters and digits; "|" between clauses
    words: str          # " w1 w2 ... " stemmed, spell-corrected English words


def prepare(text: str, speller: Speller | None = None) -> Text:
    """The question (or, without a speller, a text of the knowledge base) ready to match."""
    canonical = canonical_chars(text)
    tokens = words(canonical)
    if speller is not None:
        tokens = [speller.correct(w) for w in tokens]
    return Text(compact(canonical), " " + " ".join(tokens) + " ")
