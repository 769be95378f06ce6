"""The domain lexicon: the concepts a filing question is made of, and how people write them.

Each concept lists its surface forms in Simplified Chinese and English (Traditional
Chinese and pinyin slips are folded into Simplified by ``normalize`` before
matching, so they need no forms of their own). A form is matched as:

- Chinese, or Chinese mixed with letters: a substring of the compact question
  (punctuation marks a clause break ``|``, spaces are dropped);
- plain ASCII: a run of whole English words, stemmed the same way as the question;
- ``re:`` a regular expression over the compact question (its Chinese is folded
  like the question's), ``rw:`` over the space-separated English words (its
  words are stemmed like the question's: have reads hav).

Knowledge-base entries describe themselves with weighted combinations of these
concept ids (``knowledge_base.json``, ``match.signals``).
"""
from __future__ import annotations

from typing import Mapping

# What a question can be about. An entry answers only when one of its topics is present.
TOPICS = ("SN", "FN", "FILING", "APPLY_ENTRY")

# Near-miss filing questions the knowledge base does not answer (review time,
# documents, website names, licences, photos, displaying or looking up a filing
# number, changing a filing, fees, mini programs). Present in a question, they
# count against every entry.
OFF_TOPIC = "OFF_TOPIC"

_NOT_SERVER_GAP = r"(?:(?!ip|公网|带宽|外网|内网|按量|包年|包月|可备案|账号)[^|]){0,8}?"

CONCEPTS: Mapping[str, tuple[str, ...]] = {
    # ---- topics
    "SN": (
        "服务号", "服务码", "服务编号", "服务号码", "服务代码",
        "service number", "service no", "service code", "service num", "fuwuhao",
        "filing service", "sn code", "备案服务好",
    ),
    "FN": (
        "备案号", "备案编号", "备案号码", "备案证号", "icp号", "icp编号", "icp备案号", "icp证号", "icp备",
        "filing number", "filing no", "icp number", "icp no", "icp code", "icp record", "record number",
        "registration number", "beian number", "beian no", "beian hao", "beianhao", "filling number",
        "icp filing number", "icp registration",
    ),
    "FILING": (
        "备案", "icp", "管局", "通管局", "通信管理局", "工信部",
        "能备吗", "能不能备", "可以备吗", "备得了",
        "beian", "bei an", "filing", "filed", "icp filling", "fileable", "miit", "bureau", "regulator",
        "used to file", "use it to file", "use it for filing", "to file a", "to file my", "to file the",
        "authority", "authorities", "to file", "rw:\\b(?:can|could|may|do) (?:i|we) (?:still )?file\\b",
    ),
    # ---- things
    "SERVER": (
        "服务器", "云服务器", "ecs", "esc", "实例", "主机", "云主机", "虚拟主机", "轻量", "vps", "伺服器", "机器",
        "server", "instance", "vps", "host", "machine", "lightweight",
    ),
    "DOMAIN": ("域名", "网域", "网址", "domain", "url"),
    # ---- filing numbers
    "CANCEL": (
        "注销", "吊销", "撤销", "撤掉", "取消备案", "备案取消", "销号", "被撤", "备案掉了", "号掉了", "删除备案",
        "备案被删", "被删除了备案", "销掉", "备案没了", "备案就没了", "备案会不会没", "弄没了", "给弄没",
        "备案作废", "备案会不会作废", "备案会作废", "备案失效了", "号没了", "备案被取消",
        "说没就没", "没就没了", "备案撤了", "把备案撤", "被干掉", "号被干掉", "备案被干掉",
        "cancel", "cancelled", "canceled", "cancellation", "cancelation", "revoke", "revoked", "revocation",
        "deregister", "deregistered", "deregistration", "de register", "unregister", "unregistered",
        "withdrawn", "terminated", "invalidated", "struck off", "delisted", "taken down", "been removed",
        "was removed", "got removed",
        # A filing that is no longer there, described rather than named.
        "查无此号", "备案查不到了", "备案号查不到了", "备案记录没有了", "备案记录没了", "备案不见了", "备案号不见了",
        "re:备案号?[^|]{0,4}(?:没了|没有了|不见了)", "re:(?:被|会被|遭)取消(?!接入)",
        "rw:\\b(?:filing|record|icp|beian|registration)\\b(?: \\w+){0,2} (?:deleted|removed|disappeared|vanished|gone)\\b",
        "rw:\\b(?:delete|remove)\\b(?: \\w+){0,3} (?:filing|record|icp|beian|registration)\\b",
    ),
    # How to cancel a filing oneself: a procedure the knowledge base does not describe.
    "CANCEL_HOWTO": (
        "re:(?:怎么|如何|怎样|咋|在哪|在哪里)(?:主动|自己|自行)?去?(?:申请|办理|操作)?注销(?!了|掉了)",
        "re:(?<!没)(?<!没有)(?<!未)(?<!不是)(?:主动|自己|自行)去?(?:申请)?注销(?!了|掉了)",
        "注销流程", "注销步骤", "我想注销", "想要注销", "注销怎么操作", "注销怎么办理",
        "how to cancel", "how do i cancel", "how can i cancel", "want to cancel", "how to deregister",
        "how do i deregister",
    ),
    # Asking what to do now, after something happened.
    "REMEDY": (
        "怎么办", "怎么处理", "如何处理", "咋办", "怎么解决", "如何解决", "有什么办法", "有没有办法", "该怎么做", "怎么弄",
        "要怎么做", "怎么做才能", "如何才能", "怎样才能", "咋整", "咋弄", "有办法", "有没有可能",
        "what should i do", "what do i do", "what now", "what to do", "what can i do",
    ),
    "CAUSE": (
        "为什么", "为啥", "为何", "原因", "什么情况", "哪些情况", "哪种情况", "什么情形", "哪些情形", "怎么会",
        "怎么回事", "导致", "因为什么", "什么时候会", "会不会被", "会被", "凭什么", "缘故", "造成", "情况", "情形",
        "行为", "会让", "啥情况", "咋就", "怎么就", "出了问题", "出了什么问题", "哪里出问题", "出什么事", "突然", "莫名", "无缘无故", "好端端", "因为", "由于", "re:怎么[^|]{0,6}(?:注销|吊销|撤销)了",
        "why", "reason", "cause", "circumstance", "what lead", "what can lead", "under what", "what happen",
        "in which case", "what situation", "for what", "trigger", "out of nowhere", "suddenly", "because",
        "due to",
    ),
    "ILLEGAL": (
        "违法", "违规", "非法", "黑名单", "不良信息", "色情", "赌博", "涉黄", "涉赌", "违禁", "侵权", "诈骗", "违反",
        "illegal", "unlawful", "prohibited", "blacklist", "blacklisted", "violate", "violation", "illicit",
        "porn", "gambling", "fraud",
    ),
    "INACCURATE": (
        "不真实", "不准确", "虚假", "信息有误", "信息错误", "填错", "不实", "缺失", "不完整", "信息不全", "不一致",
        "信息不对", "信息错了", "假信息", "不太准确", "不属实",
        "inaccurate", "false information", "incorrect", "untrue", "incomplete", "missing information", "fake",
        "wrong information",
    ),
    "ACCESS_REVOKED": (
        "取消接入", "接入被取消", "被取消接入", "未接入", "没有接入", "没接入", "没做接入", "没有做接入", "空壳", "接入商",
        "re:(?<!没)(?<!没有)(?<!未)(?<!不)(?:更换|换|转)了?(?:家|个)?(?:接入|服务商|主机商|云厂商)",
        "access revoked", "revoked access", "revoke access", "access provider", "hosting provider",
        "empty shell", "change provider", "switch provider",
    ),
    "NEW_HOLDER": (
        "新持有人", "新的持有者", "新持有者", "新的持有人", "抢注", "被别人注册", "被人注册", "别人注册了", "域名被删",
        "new owner", "new holder", "someone else registered", "domain was deleted",
    ),
    "RESTORE": (
        "恢复", "找回", "复原", "还原", "撤回", "补救", "挽回", "复活", "重新启用", "重新激活", "激活", "再启用",
        "要回", "拿回", "申诉", "复议", "有救", "救回", "救回来", "重新上线", "重新开通", "恢复访问", "重新访问", "重新打开",
        "再上线", "重新开放", "继续开放", "回到线上", "原号", "原来的号", "原来的备案号", "撤销注销", "取消注销", "撤回注销",
        "back online", "online again", "get it online", "restore", "recover", "reinstate", "undone", "same number", "original number", "old number",
        "rw:\\bget\\b(?: \\w+){0,4} back\\b", "reactivate", "revive", "undo", "get it back", "get back",
        "bring back", "bring it back", "appeal", "reverse", "reopen", "uncancel", "un cancel",
        "挽救", "弄回来", "弄回", "搞回来", "拿回来", "重新开起来", "重新能访问", "恢复上线", "重新运行", "能重新打开",
        "running again", "site back", "up again", "live again", "working again", "accessible again",
    ),
    "REFILE": (
        "重新备案", "重新提交", "重新申请备案", "再备案", "再备一次", "从头再备", "重新办理", "重新做备案", "重新备",
        "重新走", "重新办", "再次备案", "重新弄", "新备案",
        "refile", "file again", "resubmit", "submit again", "new filing", "re file", "start over",
        "from scratch",
    ),
    "VALIDITY": (
        "有效期", "有效期限", "有效其", "一劳永逸", "期限", "长期有效", "永久有效", "永久", "一直有效", "终身有效", "终生有效", "永远有效",
        "使用期限", "年审", "年检", "续期", "续签", "定期", "多少年", "几年", "每年", "每隔", "有效吗", "还有效",
        "有效多久", "多久有效", "有效时间", "有效年限", "会过期吗", "会不会过期", "会失效", "会不会失效", "能用多久",
        "用多久", "过期吗", "多久重新", "年限", "能用多长时间", "用多长时间", "有效多长", "有效多长时间",
        "管多久", "管多少年", "还算数", "算不算数", "还作数", "还管用", "还有用吗",
        "valid", "validity", "valid for", "forever", "permanent", "permanently", "lifetime", "annual review",
        "annual inspection", "expiration date", "expiry date", "indefinitely", "doe it expire", "every year",
        "each year", "annually", "per year", "every few year",
        "rw:\\bhow long\\b(?: \\w+){0,5} (?:last|valid|good|remain)\\b",
        "will it expire", "still good", "ever expire", "ever run out", "time limit",
        "rw:\\b(?:after|in|for) (?:\\w+ ){0,2}year\\b",
        "终身", "终生", "一辈子", "永久性", "一直用", "一直能用", "可以一直", "长期用", "永久用", "还要再备", "要再备一次", "今年还要", "每年都要",
    ),
    "EXPIRE": (
        "过期", "到期", "失效", "逾期", "期满", "没续费", "没有续费", "忘记续费", "忘了续费", "未续费", "没及时续费",
        "欠费", "停机", "未及时续费",
        "expire", "expired", "expiry", "expiration", "lapse", "lapsed", "overdue", "not renewed",
        "forgot to renew", "didn t renew",
    ),
    "RENEW": ("续费", "续订", "续约", "要续吗", "要不要续", "续一下", "renew", "renewal"),
    # A filing made long ago: with "expire" or "again", a question about how long it holds.
    "OLD": (
        "几年前", "年前", "好几年", "多年前", "很多年", "去年", "前年", "早年", "很久以前", "老备案", "老的备案",
        "years ago", "year ago", "last year", "long ago", "old filing", "old icp",
    ),
    "DURATION": (
        "多久", "多长时间", "多少时间", "多长", "几年", "多少年",
        "how long", "how many year",
    ),
    # ---- service numbers
    "DEFINITION": (
        # Not "是什么原因", "步骤是什么": a cause or a procedure is not a definition.
        "re:(?<!步骤|流程|方法|办法|原因|条件|要求|理由)(?:是什么|是啥)(?!原因|情况|问题|缘故|步骤|流程|条件|要求|时候|材料|资料|方法|理由)",
        "什么是", "啥是", "什么意思", "啥意思", "什么东西", "啥东西", "指什么", "指的是",
        "干什么用", "干什么的", "干嘛用", "干嘛的", "干啥用", "干啥的", "做什么用", "有什么用", "有啥用", "作用",
        "用途", "用处", "概念", "含义", "定义", "意思", "是个啥", "怎么理解", "何为", "什么叫", "啥叫",
        "解释一下", "介绍一下", "做什么的", "拿来做什么", "拿来干嘛", "做什么用", "干什么的",
        "到底是什么", "是什么东西", "什么玩意",
        "不明白", "不懂", "不理解", "搞不清", "没搞懂", "为什么要填", "为啥要填", "为什么需要填", "要它干嘛",
        "don t understand", "not sure what", "confused", "why do i need a servic", "why is a servic",
        "rw:\\bwhat\\b(?: \\w+){1,5} is $",
        "what is", "what s", "what are", "meaning", "mean", "purpose", "explain", "explanation", "definition",
        "define", "what doe", "rw:\\bwhat (?:exactly|really|actually|precisely) (?:is|are)\\b", "rw:\\bwhat\\b(?: \\w+){0,6} (?:use|used) for\\b",
    ),
    # Two things compared ("is X the same as Y?"): a definition when they are the service
    # number and the filing number, otherwise nothing this knowledge base answers.
    "COMPARE": (
        "区别", "一回事", "差别", "不同", "一样吗", "是一样的", "同一个东西", "一个东西", "有啥不同", "什么不同", "差在哪", "有何不同", "有什么不一样", "不一样",
        "re:服务号[^|]{0,4}(?:是不是|就是|等于|算是|算不算)[^|]{0,4}备案号",
        "difference", "differ", "same as", "same thing", "versus", "vs",
    ),
    # A code described rather than named: what a service number is to someone who has
    # not learnt its name ("the verification code that links my server").
    "CODE": (
        "验证码", "一串码", "这串码", "那串码", "这个码", "一串字符", "一串数字", "一串号码", "校验码",
        "verification code", "a code", "the code", "this code",
    ),
    "RELATION": (
        "关系", "关联", "绑定", "对应", "挂钩", "联系", "有关",
        "relation", "relationship", "link", "linked", "tie", "tied", "bind", "bound", "associate",
        "associated", "connect", "connection", "related to",
    ),
    "IOT": (
        "物联网", "套餐包", "物联卡", "iot", "internet of thing",
    ),
    "NO_SERVER": (
        "re:(?:没有?|(?<!服)无|未|尚未|还没)(?:在)?(?:买|购买|购|有|租)?" + _NOT_SERVER_GAP
        + "(?:服务器|ecs|主机|实例|伺服器|云产品)",
        "re:(?:不|不用|不想|不打算)(?:买|购买|租)" + _NOT_SERVER_GAP + "(?:服务器|ecs|主机|实例|伺服器)",
        "没有阿里云", "没在阿里云", "不在阿里云", "没有在阿里云", "非阿里云",
        # Not "service no. for my ECS": there no is a number.
        "rw:(?<!servic )(?<!filing )(?<!icp )\\b(?:no|without)(?: \\w+){0,5}? (?:server|ecs|instanc|vps|host)\\b",
        "rw:\\b(?:don t|do not|didn t|did not|haven t|have not|never|not yet|not)(?: \\w+)?? "
        "(?:have|own|buy|bought|purchase|got|rent)\\b(?: \\w+){0,4}? (?:server|ecs|instanc|vps|host)\\b",
    ),
    "OTHER_CLOUD": (
        "腾讯云", "华为云", "百度云", "京东云", "天翼云", "移动云", "西部数码", "七牛", "亚马逊", "谷歌云", "微软云",
        "其他云", "其它云", "别家", "不是阿里云", "不在阿里云买", "不是在阿里云", "别的云", "别的厂商", "其他厂商", "其它厂商", "其他服务商", "其他平台", "别的平台",
        "第三方", "自己的服务器", "自建", "自己机房", "自有机房", "公司机房", "机房", "本地服务器", "自己的电脑", "自己电脑", "家里的电脑", "家里电脑", "家用电脑", "个人电脑", "自己家里", "放在家里",
        "idc", "托管", "外部服务器", "别处", "别的地方买", "其他地方买", "其他云厂商",
        "aws", "azure", "tencent", "huawei", "google cloud", "gcp", "other cloud", "another cloud",
        "another provider", "other provider", "different provider", "third party", "own server",
        "on premise", "self host", "home computer", "my own computer", "my own pc", "at home", "elsewhere", "digitalocean", "linode", "vultr", "another vendor",
        "at my office", "in my office", "our office", "in our office", "not in your cloud", "not on your cloud",
        "not on alibaba", "not on aliyun", "not with alibaba", "not with aliyun", "not with you",
    ),
    "BUY_SERVER_FIRST": (
        "re:(?:先|需要|必须|一定要|得|要)(?:先)?(?:买|购买|购|有|租)(?:一台|个|一个)?(?:阿里云)?(?:的)?"
        "(?:服务器|ecs|云服务器|主机|实例|伺服器)",
        "rw:\\b(?:need|must|have to|requir|necessary)\\b(?: \\w+){0,4}? (?:buy|purchas|own|have|get)\\b"
        "(?: \\w+){0,3}? (?:server|ecs|instanc)\\b",
        "buy a server", "purchase a server", "buy an ecs", "purchase an ecs",
    ),
    "UNSUPPORTED": (
        "只买了域名", "只有域名", "只有一个域名", "只买域名", "仅有域名", "只注册了域名", "对象存储", "oss", "cdn", "rds",
        "数据库", "负载均衡", "slb", "函数计算", "云函数", "企业邮箱", "短信服务", "不支持备案的产品",
        "only a domain", "only domain", "just a domain", "domain only", "object storage", "database",
        "load balancer", "function compute", "rw:\\b(?:only|just)\\b(?: \\w+){0,2}? domain\\b",
    ),
    "RELEASED": (
        "释放", "退订", "服务器删了", "删除了服务器", "服务器被删",
        "released", "release", "deleted the server", "deleted my server",
    ),
    "PUBLIC_IP": (
        "公网ip", "公网", "公网带宽", "带宽", "外网ip", "外网", "内网ip", "内网", "私网ip", "私网", "私有ip", "eip",
        "可备案的ip", "可备案ip", "备案ip", "ip地址", "固定ip", "独立ip", "频宽", "宽频", "专有网络", "公网地址",
        "re:(?:没有?|(?<!服)无|不)[^|]{0,6}ip", "可以备案的ip",
        "public ip", "public ipv4", "public address", "public network", "bandwidth", "private ip",
        "internal ip", "intranet", "elastic ip", "fileable ip", "no ip", "ip address", "vpc",
        "ip eligible", "eligible ip",
    ),
    "WHICH": (
        "哪种", "哪些", "哪类", "什么样", "什么类型", "什么配置", "什么规格", "哪款", "什么ecs", "什么服务器", "啥样",
        "啥配置", "哪一种", "哪一类",
        "which", "what kind", "what type", "what sort", "what ecs", "what server",
    ),
    "REQUIREMENT": (
        "条件", "要求", "满足", "符合", "资格", "门槛", "标准",
        "requirement", "require", "condition", "qualify", "eligible", "eligibility", "criteria",
    ),
    "FILEABLE": (
        "可备案", "能备案", "可以备案", "用来备案", "用于备案", "拿来备案", "做备案", "支持备案", "来备案",
        "for filing", "for icp", "for beian", "fileable", "can be filed", "be used for icp",
    ),
    # The apply button of the service-number page: the one apply button of the filing console.
    "APPLY_ENTRY": (
        "申请按钮", "申请入口", "申请链接", "申请选项", "看不到申请", "没看到申请", "找不到申请", "没有申请的",
        "不显示申请", "申请的地方", "申请的位置", "申请的入口",
        # the instance's row in the console, where the apply action would be
        "re:(?:操作栏|操作列)[^|]{0,8}(?:点不了|不能点|点不动|没有|灰|空)",
        "apply button", "no apply", "apply option", "apply link", "option to apply", "application option",
        "application button", "rw:\\b(?:option|button|link|entry)\\b(?: \\w+){0,3} (?:missing|gone|absent)\\b",
    ),
    "APPLY_BUTTON": (
        "按钮", "灰色", "置灰", "变灰", "点不了", "点不动", "无法点击", "不能点", "点击不了", "点击无效", "点不开",
        "button", "greyed out", "grayed out", "grey", "gray", "can t click", "cannot click", "don t see",
        "can t see", "cannot see", "nothing to click",
        "什么都点不了", "都点不了", "什么都没有", "什么操作都没有", "啥都没有", "没有任何按钮", "没反应", "没有反应",
    ),
    # Trying to apply for (or get) something and not succeeding. Present with a service
    # number, it is the central question of the no-apply-button entry ("why can't I
    # apply?"); the other service-number entries each explain one cause of it.
    "CANT_APPLY": (
        "re:(?:申请|申|获取|获得|拿|领取|领|生成|开通|办|弄|搞)(?:不了|不到|不下来|不下|不出来|不成功|不出)",
        # 能不能申请, 可不可以申请 ask; they do not say it failed.
        "re:(?:(?<!能)不能|无法|没法|没办法|(?<!可)不可以|(?<!可)不可|不让|不给|不允许|不准|不支持|没能|未能|没有办法)"
        "(?:再|继续|重新)?"
        "(?:申请|获取|获得|拿到|领取|生成|开通|申领)",
        "re:(?:申请|获取|生成|开通|申领)[^|]{0,8}?(?:失败|不成功|没成功|未成功|出错|报错|被拒|不行|没反应|没有反应)",
        "拿不到",
        "rw:\\b(?:can t|cant|cannot|can not|couldn t|could not|unable to|not able to|fail to|fail|never|won t|"
        "wouldn t|doesn t|didn t|refuse to|not allow to|not permitt to|no way to)\\b(?: \\w+){0,4}? "
        "(?:apply|get|gett|obtain|request|generat|creat|issu|give|provid)\\b",
        "rw:\\b(?:apply|application|request|get|obtain)\\b(?: \\w+){0,7}? "
        "(?:fail|failur|error|unsuccessful|deni|refuse|block)\\b",
        "rw:\\b(?:prevent|stop|block)\\b(?: \\w+){0,2} from (?:apply|get|obtain|request)\\b",
        "won t let", "doesn t let", "not allowed",
    ),
    # A resource that does not qualify: not meeting the conditions, not usable for filing.
    "NOT_ELIGIBLE": (
        # Not 满不满足, 符不符合, 能不能备案: those ask.
        "re:(?<!满)不满足", "re:(?<!符)不符", "没有资格", "没资格", "不具备", "不够资格", "不合格", "不达标", "达不到", "不够条件",
        "不在备案范围", "备不了案", "备案不了", "用不了备案", "做不了备案", "不支援备案", "不支援",
        "re:(?:(?<!能)不能|无法|没法|(?<!可)不可|不支持|不允许|没办法|不让|不给)(?:用于|用来|拿来|做|进行|申请)?备案",
        "ineligible", "unqualified", "not fileable", "non fileable",
        "rw:\\b(?:not|t|never|no longer)\\b(?: \\w+)?? (?:eligibl|qualifi|qualify|fileabl|meet|satisfy|satisfi)\\b",
        "rw:\\b(?:can t|cant|cannot|can not|couldn t|could not|not|t)\\b(?: be)? (?:use|used|using|filed)\\b"
        "(?: \\w+){0,2}? (?:for|in) (?:\\w+ )?(?:filing|icp|beian)\\b",
        "rw:\\b(?:fail|failur)\\b(?: \\w+){0,2}? (?:requirement|condition|criteria|check|eligibility)\\b",
    ),
    # What a filing is made of besides the resource: its subject, information and content.
    # What fails the requirements there is not the server, and not this knowledge base's.
    "SUBJECT": (
        "主体", "备案信息", "网站信息", "网站内容", "内容", "证件", "个人信息", "企业信息", "法人", "负责人",
        "re:(?<!配置)信息不符", "与实际不符",
        "subject", "content", "personal information", "company information",
    ),
    # What the console said: a message quoted from the system, not the asker's own words.
    "PROMPT": (
        "提示", "显示", "报错", "弹出", "弹窗", "系统说", "错误信息", "错误提示", "告诉我", "说我",
        "error", "message", "says", "said", "shows", "popup", "pop up", "prompt", "tells me", "told me",
        "warning",
    ),
    "ACCOUNT": (
        "账号", "账户", "登录", "登陆", "子账号", "主账号", "ram", "用户",
        "account", "sign in", "signed in", "log in", "login", "logged in",
    ),
    "WRONG_ACCOUNT": (
        "其他账号", "别的账号", "另一个账号", "另外一个账号", "另一账号", "别人的账号", "同事的账号", "朋友的账号",
        "他的账号", "她的账号", "不是同一个账号", "不同账号", "两个账号", "子账号", "ram用户", "ram账号", "换账号",
        "账号不对", "账号不一致", "购买的账号", "购买账号", "自己的账号", "自己账号", "公司账号", "同事", "朋友",
        "别人买的", "别人帮我买", "代买", "不是我买的",
        "another account", "different account", "other account", "sub account", "subaccount", "ram user",
        "colleague", "friend", "someone else", "wrong account", "purchasing account", "account that bought",
        "my own account", "bought it for me", "bought by",
    ),
    "REGION_ABROAD": (
        "香港", "海外", "境外", "国外", "新加坡", "美国", "日本", "韩国", "欧洲", "德国", "英国", "澳门", "台湾",
        "迪拜", "硅谷", "东京", "首尔", "孟买", "雅加达", "吉隆坡", "曼谷", "马尼拉", "法兰克福", "伦敦", "悉尼",
        "弗吉尼亚", "非大陆", "非中国内地", "非内地", "不在大陆", "不在内地", "不是大陆", "不是内地", "大陆以外",
        "hong kong", "hongkong", "hk", "overseas", "abroad", "singapore", "outside mainland",
        "outside china", "outside the mainland", "usa", "us west", "us east", "japan", "tokyo", "europe",
        "frankfurt", "london", "non mainland", "foreign", "silicon valley", "virginia", "sydney", "dubai",
        "jakarta", "malaysia",
    ),
    "REGION": ("地域", "区域", "节点", "地区", "region", "zone", "node", "location"),
    "PAYG": (
        # Not 按量 or 按需 alone: 按 reads as 案, and 备案量, 备案需要 are everyday text.
        "按量付费", "按量计费", "按量的", "按量实例", "按量购买", "按量模式", "按量收费", "按量服务器", "按量ecs",
        "转按量", "后付费", "按小时计费", "按小时付费", "按时计费", "抢占式", "竞价实例", "按使用量",
        "pay as you go", "payg", "postpaid", "post paid", "on demand", "hourly", "spot", "preemptible",
        "pay per use",
    ),
    "SUBSCRIPTION": (
        "包年包月", "包年", "包月", "预付费",
        "subscription", "prepaid", "monthly", "yearly",
    ),
    "TERM": (
        "几个月", "多少个月", "购买时长", "时长", "3个月", "三个月", "一个月", "1个月", "两个月", "2个月", "至少",
        "最少", "最短", "起码", "最低", "买多久", "买多长时间", "多长时间", "月以上", "个月",
        "month", "at least", "minimum", "how many month", "term", "duration", "how long",
    ),
    "CONFIG_CHANGE": (
        "变配", "降配", "升降配", "改配置", "配置变更", "变更配置", "改了配置", "降级", "转按量", "转成按量", "改成按量",
        "改为按量", "转为按量", "调整配置", "修改配置", "去掉公网", "去掉带宽", "解绑",
        "downgrade", "downgraded", "changed the config", "configuration change", "config change",
        "changed configuration", "switched to pay", "converted to pay", "removed the public",
        "removed bandwidth",
    ),
    "REUSE": (
        "复用", "重复使用", "再次使用", "多次使用", "共用", "重复用", "二次使用", "重复利用", "循环使用",
        "一号多用", "同一个服务号", "同一个备案服务号", "同一服务号", "重复填", "多次用", "重用",
        "reuse", "re use", "reusable", "use again", "used again", "use it again", "same service number",
        "用几次", "能用几次", "使用几次", "一次性", "只能用一次",
        "twice", "more than once", "share", "shared between", "use the same", "single use", "one time",
        "only once", "use once", "how many time", "rw:\\buse\\b(?: \\w+){0,3} again\\b",
        "only one filing", "for one filing", "just one filing", "only for one", "for a single",
        "rw:\\bservice number (?:cover|work for|be used for) (?:\\w+ ){0,2}?(?:all|both|two|multipl|several|other)\\b",
        "rw:\\b(?:one|same|single|a) (?:\\w+ ){0,2}service number for (?:\\w+ ){0,2}?"
        "(?:two|multipl|several|many|more|all|other|different|domain|site|websit)\\b",
    ),
    "REUSE_WEAK": (
        "再用", "继续使用", "继续用", "还能用", "再拿来", "接着用", "再填", "还能填", "还可以用", "能再用",
        "still use", "use it", "still valid", "还能拿它", "拿它再", "拿它备", "备第二个", "第二个站",
    ),
    "MULTI": (
        "re:(?:多|两|几|另|别|其他|其它|第二|第三|下一|新)(?:个|一个|外一个|外的|的)?(?:不同的)?(?:域名|网站|站点|站)",
        "多域名", "多站点", "不同域名", "不同的域名", "其余域名",
        "rw:\\b(?:multiple|another|other|second|third|two|several|more|different|many|next|2|3)\\b(?: \\w+){0,2}? "
        "(?:domain|website|site|url|filing)\\b",
    ),
    "USED": (
        "用过", "使用过", "已使用", "已经使用", "用掉", "已用", "备案成功", "已备案", "已经备案", "用了", "备案过",
        "成功备案", "已经用",
        "used", "already used", "been used", "successful filing", "approved",
    ),
    "DELETE_REAPPLY": (
        "删除", "删掉", "删了", "重新申请", "再申请", "重新获取", "重新生成", "重新发", "重置", "换一个", "换个新",
        "新的服务号", "新服务号", "回收", "退回", "返还", "归还", "作废", "重新拿", "再拿", "再要一个", "恢复额度",
        "释放额度", "还回来", "退还", "重新分配", "重新开", "再生成", "再来一个", "重新给",
        "清掉", "清除", "腾出", "空出", "让出来", "占着", "占用",
        "delete", "remove", "wipe", "reapply", "re apply", "apply again", "apply for a new", "new one",
        "fresh one", "get a new", "new service number", "regenerate", "reissue", "reset", "give back",
        "come back", "return", "refund", "recycle", "back to my quota", "free up", "void",
    ),
    "USED_UP": (
        "用完", "用光", "用尽", "用没了", "耗尽", "不够用", "不够了", "数量不够", "名额不够", "额度不够", "超限", "超出", "超过限制", "上限", "限额", "配额",
        "名额", "额度", "满了", "占满", "已满", "数量限制", "没有剩余", "剩余数量", "没剩", "数量不足", "额满", "用满",
        "到顶", "封顶", "个数限制",
        # Every one of them used: the quota, not one number used twice.
        "全部用掉", "全用掉", "都用掉", "都用完", "全用完", "都用光", "都用了", "全用了", "全部用了", "都用过了",
        "全都用过", "一个都不剩", "都不剩", "一个不剩", "一个也没有了",
        "re:(?:都|全都|全部|全)被?(?:用掉|用完|用光|占满)", "re:所有[^|]{0,6}(?:用掉|用完|用光)", "都申请完", "全申请完", "全部申请完", "申请满了", "都申请满", "re:(?:数量|名额|额度|个数|配额)[^|]{0,4}(?:没了|没有了)",
        "used up", "use up", "run out", "ran out", "running out", "exhausted", "exhaust", "quota", "limit",
        "no more", "none left", "no remaining", "all used", "maximum", "max number", "reached the limit",
        "rw:\\b(?:no|none|zero|0|not any)\\b(?: \\w+){0,4}? left\\b",
        "rw:\\ball\\b(?: \\w+){0,5} (?:are|wer|is|been|got) (?:used|taken)\\b",
        "used all", "use all", "used every", "use every", "rw:\\bevery\\b(?: \\w+){0,6} (?:taken|used)\\b",
        "rw:\\bout of (?:\\w+ ){0,3}?(?:servic|number|quota|slot)",
    ),
    "COUNT": (
        "数量", "几个", "多少个", "个数", "次数", "多少次",
        "how many", "number of", "count",
    ),
    OFF_TOPIC: (
        # Specific phrases only: a long in-scope question may mention a text message or a phone.
        "审核多久", "审核时间", "审核要多久", "审核需要多久", "审核多长", "审核几天", "审多久", "几个工作日", "审核进度",
        "备案进度", "初审", "驳回", "审核不通过", "需要什么资料", "准备资料", "提交资料", "哪些资料", "哪些材料",
        "什么材料", "准备材料", "提交材料", "营业执照", "身份证", "原件", "复印件", "公章", "授权书", "核验单", "承诺书",
        "法人本人", "居住证", "暂住证", "户口", "网站名称", "网站名字", "命名", "起名", "取名", "前置审批", "专项审批",
        "资质", "许可证", "经营许可", "icp证", "icp许可", "edi", "增值电信", "文网文", "公安备案", "公安联网", "拍照",
        "照片", "幕布", "背景布", "人脸", "电话核验", "视频核验", "拍照核验", "自拍", "网站底部", "页面底部", "首页底部",
        "悬挂", "页脚", "添加链接", "挂在网站", "放在网站", "查询备案", "备案查询", "怎么查询", "如何查询", "在哪查",
        "变更备案", "备案变更", "信息变更", "修改备案", "更改备案", "能改吗", "怎么改", "如何修改", "怎么修改",
        "可以改", "能不能改", "改一下", "备案收费", "备案要钱", "备案费用", "要收费",
        "免费备案", "小程序", "app备案", "公众号", "验证码收不到", "收不到验证码", "短信验证码", "打不通", "外地人",
        "异地备案", "两个省", "跨省", "做接入备案", "办接入备案", "接入备案怎么", "需要做接入", "迁移备案",
        "备案迁移", "转入阿里云", "换到阿里云", "迁到阿里云", "转到阿里云",
        # handing a number or a filing to someone else
        "转给", "转让", "过户", "卖给", "送给", "借给", "给别人用", "给朋友用",
        # when one may file again, what a cancellation does to a domain
        "re:多久(?:以后|之后|后)?(?:可以|能|才能)(?:重新|再)", "影响域名", "对域名有影响", "affect my domain",
        "rw:\\bgive\\b(?: \\w+){0,4} to (?:a|my|another|someone|other)\\b",
        "review take", "review time", "how many day", "processing time", "filing progress", "review progress",
        "rejected", "rejection", "document", "paperwork", "business license", "id card", "passport",
        "website name", "naming rule", "naming requirement", "naming convention", "name rule", "name requirement", "pre approval", "preapproval", "icp license", "icp permit", "commercial icp",
        "value added", "photo", "picture", "selfie", "backdrop", "face verification", "footer", "bottom of",
        "look up", "lookup", "add a new website", "add a website", "change the information", "fee", "cost",
        "price", "sms code", "mini program", "transfer", "migrate", "migration", "moving to", "move to another",
        "move my filing", "sell",
    ),
}
