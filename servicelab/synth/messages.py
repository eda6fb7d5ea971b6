"""Written messages from guests to Mirror Lake Hotels (WeChat, web chat, e-mail), in Chinese.

Every message is composed from parts written for this book: an opening, one request (sometimes a
second one), a closing, filled with a branch, a date, a room type or a booking number, and
roughened the way real messages are (typing slips, homophones, English words, missing
punctuation).  Some messages cannot be understood without the rest of the conversation; staff
labelled them after reading it.  Chinese is written without spaces between words, which is itself
a lesson for anyone who tries to sort messages by keywords.

The number of messages a day, their channels and topics come from the world
(servicelab/synth/world.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicelab.synth import Field, Resource, world
from servicelab.synth._common import BRANCHES

TOPICS = tuple(world.MESSAGE_TOPIC_SHARE.value)
CHANNELS = tuple(world.MESSAGE_CHANNEL_SHARE.value)
START, WEEKS = world.CALL_WEEKS.value
DATES = pd.date_range(START, periods=7 * WEEKS, freq="D")

# ------------------------------------------------------------------------------------------------
# The parts.  Each request: (intent, bot could answer it fully?, [(Chinese, English gloss), ...]).
# Slots in braces are filled per message; the English gloss uses the same slots, suffixed _en.
# ------------------------------------------------------------------------------------------------

REQUESTS: dict[str, list[tuple[str, bool, list[tuple[str, str]]]]] = {
    "booking": [
        ("availability", True, [
            ("{date}{branch}还有{room}吗？", "Is there a {room_en} at {branch_en} on {date_en}?"),
            ("想订{date}的{room}，住{nights}，还有房吗", "I'd like to book a {room_en} from {date_en} for {nights_en}. Anything left?"),
            ("请问{branch}{date}入住{nights}，有没有空房", "Any rooms at {branch_en}, arriving {date_en} for {nights_en}?"),
            ("{date}开始两间{room}，{branch}，有的话帮我留一下", "Two {room_en}s from {date_en} at {branch_en}; hold them for me if you have them."),
            ("{branch}{date}满房了吗？网上显示订不了", "Is {branch_en} full on {date_en}? The website says I can't book."),
        ]),
        ("price", True, [
            ("{room}一晚多少钱？含早吗", "How much is a {room_en} a night? Is breakfast included?"),
            ("{branch}{date}的{room}什么价", "What's the price of a {room_en} at {branch_en} on {date_en}?"),
            ("周末房价是不是比平时贵很多", "Are weekend rates much higher than on weekdays?"),
            ("连住有优惠吗，住{nights}能便宜点不", "Is there a discount for longer stays? Cheaper if I stay {nights_en}?"),
            ("含双早的{room}和不含早的差多少钱", "What's the difference in price between a {room_en} with breakfast for two and without?"),
        ]),
        ("party", True, [
            ("{people}住一间可以吗？要不要加床", "{people_en} in one room, is that OK? Do we need an extra bed?"),
            ("能订一间安静点、楼层高一点的{room}吗", "Can I book a quiet {room_en} on a high floor?"),
            ("可以带狗入住吗，小型犬", "Can we bring a dog? A small one."),
            ("有没有无烟楼层，{date}要住{nights}", "Do you have a non-smoking floor? Staying {nights_en} from {date_en}."),
        ]),
        ("corporate", False, [
            ("我们公司想和你们签协议价，一个月大概{count}间夜，请问找谁谈", "Our company would like a negotiated rate, about {count} room nights a month. Whom should we talk to?"),
            ("公司{count}个人下周来{city}开会，能给个团队价吗", "{count} people from our company are coming to {city_en} for a meeting next week. Can you give us a group rate?"),
            ("我是{company}的行政，年底的客户答谢会想放在{branch}，{count}人左右", "I'm the office manager at {company_en}; we'd like to hold our year-end client event at {branch_en}, about {count} people."),
        ]),
        ("event", False, [
            ("想在{branch}开个{count}人的会，有会议室吗？要投影和茶歇", "We want to hold a meeting for {count} people at {branch_en}. Is there a room with a projector and a tea break?"),
            ("问下婚宴怎么收费，大概{tables}桌", "How much is a wedding banquet, about {tables} tables?"),
            ("{date}想订个包间请客，十个人左右，有最低消费吗", "I'd like a private dining room on {date_en} for about ten people. Is there a minimum spend?"),
        ]),
    ],
    "change_cancel": [
        ("cancel", True, [
            ("帮我取消一下订单{code}", "Please cancel booking {code}."),
            ("订单号{code}，行程变了，取消吧", "Booking {code}: my plans changed, cancel it please."),
            ("航班取消了，{date}的房能退吗？{code}", "My flight was cancelled. Can I cancel the room for {date_en}? {code}"),
            ("{code}不去了，麻烦取消，谢谢", "{code}: not going any more, please cancel, thanks."),
        ]),
        ("change_date", True, [
            ("我想把{code}改到{date}", "I'd like to move {code} to {date_en}."),
            ("入住日期能往后推一天吗？订单{code}", "Can I push the arrival back by a day? Booking {code}"),
            ("原来订了{nights}，想再续一晚，可以吗", "I booked {nights_en} and would like one more night. Possible?"),
            ("{branch}的订单，日期订错了，应该是{date}", "My booking at {branch_en} has the wrong date; it should be {date_en}."),
        ]),
        ("change_room", True, [
            ("我订的{branch}，想换成{room}，怎么操作", "I booked at {branch_en} and want to switch to a {room_en}. How do I do that?"),
            ("订单{code}能不能改成两间房", "Can booking {code} be changed to two rooms?"),
            ("入住人名字写错了，能改吗，{code}", "The guest's name on the booking is wrong. Can it be changed? {code}"),
        ]),
        ("refund_dispute", False, [
            ("取消了为什么还扣了我{amount}块？当时说可以免费取消的", "I cancelled, so why was I charged {amount} yuan? I was told cancellation was free."),
            ("预付的房费什么时候退回来，都一个礼拜了", "When will the prepaid room charge come back? It's been a week."),
            ("订的是不可取消的，但是家里老人住院了，能不能通融一下", "It's a non-cancellable booking, but an elderly relative is in hospital. Could you make an exception?"),
            ("改日期要补差价{amount}？不是说同价改期吗", "I have to pay {amount} more to change the date? Weren't changes at the same price?"),
        ]),
    ],
    "invoice": [
        ("issue", True, [
            ("开一下发票，抬头{company}，税号{tax}", "Please issue an invoice, title {company_en}, tax number {tax}."),
            ("住店发票怎么开？要电子的", "How do I get an invoice for my stay? I need an electronic one."),
            ("能开专票吗？公司报销要", "Can you issue a special VAT invoice? I need it for my company's expenses."),
            ("退房时忘了开发票，现在还能补吗，订单{code}", "I forgot the invoice at check-out. Can I still get one? Booking {code}"),
            ("发票能直接发到我邮箱吗", "Can the invoice be sent straight to my e-mail?"),
        ]),
        ("correct", False, [
            ("发票抬头开错了，少了个字，麻烦重开", "The invoice title is wrong, a character is missing. Please reissue it."),
            ("发票金额不对，餐费没开进去", "The invoice amount is wrong: the meals weren't included."),
            ("收到的发票税号不对，财务不给报", "The tax number on the invoice I received is wrong; accounts won't reimburse it."),
        ]),
        ("restaurant", True, [
            ("餐厅消费能单独开票吗", "Can the restaurant bill be invoiced separately?"),
            ("{date}在你们餐厅吃的饭，发票还能开吗", "We ate in your restaurant on {date_en}. Can I still get an invoice?"),
        ]),
    ],
    "facilities": [
        ("hours", True, [
            ("早餐几点到几点", "What are the breakfast hours?"),
            ("健身房几点关门", "What time does the gym close?"),
            ("泳池现在开吗？要带泳帽吗", "Is the pool open now? Do I need a swimming cap?"),
            ("spa要提前预约吗，晚上几点结束", "Do I need to book the spa ahead? What time does it close in the evening?"),
        ]),
        ("amenities", True, [
            ("有停车场吗，停车收费吗", "Is there a car park? Do you charge for parking?"),
            ("房间wifi密码多少", "What's the room's Wi-Fi password?"),
            ("能借婴儿床吗", "Can we borrow a baby cot?"),
            ("房间里有熨斗吗，没有的话能借一个吗", "Is there an iron in the room? If not, can I borrow one?"),
            ("有洗衣服务吗，当天能取吗", "Is there a laundry service? Can I have it back the same day?"),
        ]),
        ("getting_there", True, [
            ("离地铁站远吗？怎么走", "Is it far from the metro station? How do I get there?"),
            ("有机场接送吗，多少钱", "Is there an airport shuttle? How much is it?"),
            ("从高铁站打车过去大概多久", "About how long is a taxi from the high-speed rail station?"),
            ("附近有什么好吃的推荐吗", "Any good places to eat nearby?"),
        ]),
        ("repair", False, [
            ("房间空调好像不制冷，能派人来看一下吗，{room_no}", "The air conditioning doesn't seem to cool. Can someone come and look? Room {room_no}"),
            ("{room_no}的淋浴水一直是凉的", "The shower in {room_no} keeps running cold."),
            ("电视开不了，遥控器也没反应", "The TV won't turn on and the remote does nothing."),
        ]),
    ],
    "check_in_out": [
        ("times", True, [
            ("几点可以入住", "What time can I check in?"),
            ("最晚几点退房", "What's the latest check-out time?"),
            ("半夜才到，房间会不会被取消", "We won't arrive until the middle of the night. Will the room be released?"),
        ]),
        ("early_late", False, [
            ("我们早上六点就到，能提前入住吗", "We arrive at 6 a.m. Can we check in early?"),
            ("明天能晚点退房吗，{time}左右", "Can I check out late tomorrow, around {time}?"),
            ("下午的飞机，能延迟退房到{time}吗，加钱也行", "My flight's in the afternoon; can I check out at {time}? I'll pay extra."),
        ]),
        ("procedures", True, [
            ("退房以后行李能寄存吗", "Can I leave my luggage after check-out?"),
            ("可以用微信自助入住吗，怎么弄", "Can I use WeChat self check-in? How does it work?"),
            ("帮朋友订的房，他自己去能入住吗？要带什么证件", "I booked for a friend. Can he check in himself? What ID does he need?"),
            ("押金要多少，可以刷信用卡吗", "How much is the deposit? Can I pay it by credit card?"),
        ]),
    ],
    "loyalty": [
        ("balance", True, [
            ("我还有多少积分", "How many points do I have?"),
            ("会员卡号忘了，用手机号能查吗", "I've forgotten my membership number. Can I look it up with my phone number?"),
            ("积分什么时候过期", "When do my points expire?"),
        ]),
        ("missing", False, [
            ("上次住的积分没到账，{date}住的", "The points from my stay on {date_en} haven't been credited."),
            ("{code}这单积分少算了，应该有{count}分", "Booking {code} earned too few points; it should be {count}."),
        ]),
        ("benefits", True, [
            ("怎么升金卡", "How do I get upgraded to gold?"),
            ("积分能抵房费吗", "Can I use points to pay for a room?"),
            ("会员生日月有什么优惠", "Is there anything special for members in their birthday month?"),
            ("会员可以免费延迟退房吗", "Do members get free late check-out?"),
        ]),
        ("price_match", False, [
            ("为什么会员价比旅行平台上还贵", "Why is the member rate higher than the price on a travel platform?"),
        ]),
    ],
    "complaint": [
        ("cleanliness", False, [
            ("房间太脏了，地毯上有污渍，卫生间还有头发，到现在都没人来打扫", "The room is filthy: stains on the carpet, hair in the bathroom, and nobody has come to clean it."),
            ("床单上有印子，明显没换过", "There are marks on the sheets; they obviously weren't changed."),
        ]),
        ("wait", False, [
            ("前台办入住排了{mins}分钟，就一个人在办，太慢了", "I queued {mins} minutes to check in with only one person at the desk. Far too slow."),
            ("退房等了{mins}分钟，差点误了航班", "Check-out took {mins} minutes; I nearly missed my flight."),
        ]),
        ("noise", False, [
            ("隔壁吵了一晚上，根本睡不着，要求退一晚房费", "The room next door was noisy all night; I couldn't sleep. I want one night refunded."),
            ("楼上一直在装修，早上八点就开始钻墙", "There's building work upstairs; the drilling started at 8 in the morning."),
        ]),
        ("wrong_room", False, [
            ("订的湖景房，给的房间对着停车场！", "I booked a lake-view room and got one facing the car park!"),
            ("明明订的大床房，到了说只剩双床了", "I definitely booked a king room, and on arrival I was told only twins were left."),
        ]),
        ("staff", False, [
            ("早餐都是凉的，服务员态度还很差", "Breakfast was all cold, and the waiter was rude too."),
            ("前台的人爱理不理的，问个问题像欠他钱一样", "The desk staff couldn't be bothered; asking a question felt like a nuisance to them."),
        ]),
        ("billing", False, [
            ("订单{code}被扣了两次款，赶紧处理", "Booking {code} was charged twice. Sort it out now."),
            ("退房说我损坏了毛巾要赔{amount}，我根本没用过那条", "At check-out I was told to pay {amount} for a damaged towel; I never used that towel."),
        ]),
        ("unreachable", False, [
            ("打了好几次电话都没人接，只能在这留言", "I called several times and nobody answered, so I'm leaving a message here."),
            ("报修两次了还没人来，{room_no}", "I've reported the fault twice and nobody has come. Room {room_no}"),
        ]),
        ("long_story", False, [
            ("昨晚十一点多到{branch}，前台说我订的房型没有了，只能换双床，也没有任何补偿。房间隔音很差，走廊里一直有人说话，"
             "早上又被装修声吵醒。住了这么多次镜湖，这次真的很失望，希望给个说法",
             "We reached {branch_en} after 11 last night; the desk said my room type was gone and gave me a twin room with "
             "no compensation. The room was poorly soundproofed, people talked in the corridor all night and building work "
             "woke me in the morning. I've stayed with Mirror Lake many times and am really disappointed this time. I want "
             "an explanation."),
            ("我是你们的金卡会员，上周在{branch}住了{nights}。退房时发现账单里多了一笔迷你吧的费用，我根本没动过里面的东西，"
             "前台说要查监控，到现在也没人联系我，麻烦尽快核实退款",
             "I'm a gold member and stayed {nights_en} at {branch_en} last week. At check-out the bill had a minibar "
             "charge although I never touched the minibar; the desk said they would check the cameras, and nobody has "
             "contacted me since. Please check and refund it soon."),
            ("带孩子出来玩，提前在app上备注了要婴儿床，结果到了房间什么都没有，打了三次电话前台才送上来，等了快一个小时，"
             "孩子一直哭，体验非常差",
             "We're travelling with our baby and asked for a cot in the app in advance. There was nothing in the room; it "
             "took three calls to the desk and almost an hour before it came, with the baby crying all along. A very bad "
             "experience."),
        ]),
    ],
    "lost_property": [
        ("left_item", False, [
            ("我把充电器落在{room_no}了", "I left my charger in {room_no}."),
            ("{date}在大堂有没有人捡到一条蓝色的围巾", "Did anyone find a blue scarf in the lobby on {date_en}?"),
            ("眼镜忘在房间了，能帮我寄回来吗，运费我付", "I left my glasses in the room. Can you post them to me? I'll pay the postage."),
            ("昨天退的房，孩子的小熊玩偶好像落下了", "We checked out yesterday and seem to have left our child's teddy bear behind."),
            ("钱包找不到了，可能掉在你们餐厅了", "I can't find my wallet; I may have dropped it in your restaurant."),
            ("电脑包好像忘在会议室了，{date}开会那间", "I think I left my laptop bag in the meeting room, the one we used on {date_en}."),
            ("前天退房走得急，好像把一个黑色双肩包落在房间衣柜里了，里面有笔记本电脑和一些文件，很重要，麻烦帮忙找一下，"
             "找到的话我让同事过去取", "I left in a hurry at check-out the day before yesterday and seem to have left a "
             "black backpack in the wardrobe, with a laptop and some papers in it. It's important; please look for it, "
             "and if you find it a colleague will come and collect it."),
        ]),
    ],
    "other": [
        ("greeting", False, [
            ("在吗", "Are you there?"), ("你好", "Hello"), ("？？", "??"), ("打扰一下，想咨询个事", "Sorry to bother you, I'd like to ask about something."),
            ("收到", "Got it."), ("好的谢谢", "OK, thanks."), ("人工客服", "Human agent, please."),
        ]),
    ],
}

#: Messages that cannot be read without the conversation around them; staff labelled them afterwards.
#: (text, gloss, the topics it can turn out to be about)
AMBIGUOUS = (
    ("我的订单有问题", "There's a problem with my booking.", ("change_cancel", "complaint")),
    ("能便宜点吗", "Can it be any cheaper?", ("booking", "loyalty")),
    ("房间的事麻烦处理一下", "Please deal with the room matter.", ("complaint", "change_cancel", "facilities")),
    ("上次说的那个事怎么样了", "How is that matter from last time going?", ("complaint", "invoice", "lost_property")),
    ("退了吗", "Has it gone through (the refund or the cancellation)?", ("change_cancel",)),
    ("能开吗", "Can you do it (issue it, open it)?", ("invoice", "facilities")),
    ("刚才电话里说的那个，发我一下", "Send me the thing we talked about on the phone just now.", ("booking", "loyalty", "invoice")),
    ("还是不行", "Still not working.", ("facilities", "complaint")),
    ("钱什么时候到", "When will the money arrive?", ("change_cancel", "complaint")),
    ("明天的还算数吗", "Does tomorrow's still count?", ("booking", "check_in_out", "loyalty")),
    ("怎么又是这样", "Why is it like this again?", ("complaint",)),
    ("帮我查一下", "Can you check for me?", ("booking", "loyalty", "lost_property")),
)

#: Second requests appended to a message: (topic, bot could answer it?, Chinese, gloss).
SECOND = (
    ("invoice", True, "另外能开发票吗", "Also, can you issue an invoice?"),
    ("invoice", True, "顺便问下发票能开电子的吗", "By the way, can the invoice be electronic?"),
    ("facilities", True, "顺便问一下有停车位吗", "By the way, is there a parking space?"),
    ("facilities", True, "还有早餐几点开始", "And what time does breakfast start?"),
    ("check_in_out", True, "大概几点能入住", "Roughly what time can we check in?"),
    ("loyalty", True, "我是会员，积分能用吗", "I'm a member; can I use my points?"),
    ("lost_property", False, "还有我好像把耳机落房间了", "Also, I think I left my earphones in the room."),
    ("complaint", False, "说实话上次住得不太满意", "To be honest, I wasn't very happy with my last stay."),
)

OPENINGS = {
    "WeChat": (("", ""), ("你好，", "Hello, "), ("您好，", "Hello, "), ("在吗？", "Are you there? "), ("hi ", "hi "),
               ("你好，请问", "Hello, may I ask: "), ("麻烦问一下，", "Quick question: "), ("打扰了，", "Sorry to bother you: "),
               ("急！", "Urgent! "), ("客服你好，", "Hello customer service, ")),
    "web chat": (("", ""), ("您好，", "Hello, "), ("你好", "Hello "), ("请问", "May I ask: "), ("hello，", "hello, ")),
    "email": (("您好！", "Hello! "), ("尊敬的镜湖酒店：", "Dear Mirror Lake Hotels: "), ("镜湖酒店客服：", "To Mirror Lake customer service: "),
              ("你好，", "Hello, ")),
}
CLOSINGS = {
    "WeChat": (("", ""), ("", ""), ("谢谢", " Thanks"), ("谢谢！", " Thanks!"), ("多谢", " Many thanks"),
               ("麻烦尽快回复", " Please reply soon"), ("急，在线等", " Urgent, waiting online"), ("辛苦了", " Thank you for your trouble"),
               ("thx", " thx"), ("。。。", "...")),
    "web chat": (("", ""), ("谢谢", " Thanks"), ("谢谢！", " Thanks!"), ("请尽快回复", " Please reply soon")),
    "email": (("谢谢！", " Thank you!"), ("期待您的回复。", " I look forward to your reply."),
              ("请尽快处理，谢谢。", " Please deal with this soon, thank you."), ("此致敬礼！", " Yours sincerely,"),
              ("祝好！", " Best wishes,")),
}
#: Slips of the keyboard and of the ear: (correct, as typed).
SLIPS = (
    ("发票", "发漂"), ("退房", "推房"), ("取消", "取销"), ("账单", "帐单"), ("早餐", "早参"), ("行李", "行礼"),
    ("积分", "积份"), ("谢谢", "谢了"), ("麻烦", "麻繁"), ("入住", "入往"), ("预订", "预定"), ("房间", "房件"),
    ("吗", "嘛"), ("什么", "神马"), ("可以", "可已"),
)
#: English words people type inside Chinese messages: (Chinese, typed instead).
ENGLISH_SWAPS = (("入住", "check in"), ("退房", "checkout"), ("发票", "invoice"), ("会员", "VIP"),
                 ("行李", "luggage"), ("好的", "ok"))

ROOMS = (("大床房", "king room"), ("双床房", "twin room"), ("标间", "standard twin"), ("家庭房", "family room"),
         ("湖景房", "lake-view room"), ("套房", "suite"), ("行政房", "executive room"))
NIGHTS = (("一晚", "one night"), ("两晚", "two nights"), ("三晚", "three nights"), ("4晚", "4 nights"), ("一周", "a week"))
PEOPLE = (("两个大人一个小孩", "Two adults and a child"), ("三个大人", "Three adults"),
          ("两大两小", "Two adults and two children"), ("我和我妈", "My mother and I"))
COMPANIES = (("杭州明远科技有限公司", "Hangzhou Mingyuan Technology Co., Ltd."), ("上海启航贸易有限公司", "Shanghai Qihang Trading Co., Ltd."),
             ("成都蓉信咨询有限公司", "Chengdu Rongxin Consulting Co., Ltd."), ("厦门海润物流有限公司", "Xiamen Hairun Logistics Co., Ltd."),
             ("浙江禾丰食品有限公司", "Zhejiang Hefeng Foods Co., Ltd."))
TIMES = (("下午两点", "2 p.m."), ("一点", "one o'clock"), ("下午3点", "3 p.m."), ("两点半", "half past two"), ("中午12点半", "12:30"))


def _branch_text(rng, branch: str) -> tuple[str, str, str]:
    city = world.BRANCH_CHINESE.value[branch]
    form = int(rng.integers(4))
    zh = (f"{city}店", f"{city}那家", f"你们{city}的", f"{city}")[form]
    return zh, f"the {branch} hotel", city


def _date_text(rng, sent: pd.Timestamp) -> tuple[str, str]:
    ahead = int(rng.integers(1, 60))
    day = sent + pd.Timedelta(days=ahead)
    if ahead == 1 and rng.random() < 0.7:
        return "明天", "tomorrow"
    if ahead == 2 and rng.random() < 0.7:
        return "后天", "the day after tomorrow"
    form = int(rng.integers(4))
    if form == 0:
        return f"{day.month}月{day.day}号", f"{day.day} {day.strftime('%B')}"
    if form == 1:
        return f"{day.month}月{day.day}日", f"{day.day} {day.strftime('%B')}"
    if form == 2 and day.month == sent.month:
        return f"{day.day}号", f"{day.day} {day.strftime('%B')}"
    return f"{day.month}.{day.day}", f"{day.day} {day.strftime('%B')}"


def _fill(rng, sent: pd.Timestamp, branch: str) -> dict:
    branch_zh, branch_en, city = _branch_text(rng, branch)
    date_zh, date_en = _date_text(rng, sent)
    room = ROOMS[int(rng.integers(len(ROOMS)))]
    if room[0] == "湖景房" and branch != "Hangzhou":  # only the Hangzhou hotel is on the lake
        room = ("海景房", "sea-view room") if branch == "Xiamen" else ("高楼层房", "high-floor room")
    nights = NIGHTS[int(rng.integers(len(NIGHTS)))]
    people = PEOPLE[int(rng.integers(len(PEOPLE)))]
    company = COMPANIES[int(rng.integers(len(COMPANIES)))]
    time = TIMES[int(rng.integers(len(TIMES)))]
    code = code_en = f"ML{int(rng.integers(100000, 999999))}"
    if rng.random() < 0.25:
        code = "订单号" + code if rng.random() < 0.5 else code.lower()
    room_no = f"{int(rng.integers(2, 19))}{int(rng.integers(1, 40)):02d}"
    count = int(rng.choice([8, 10, 12, 15, 20, 30, 40, 50, 80]))
    tables = int(rng.integers(8, 31))
    tax = "91" + "".join(str(int(d)) for d in rng.integers(0, 10, size=14)) + "X" + str(int(rng.integers(10)))
    values = {
        "branch": branch_zh, "branch_en": branch_en, "city": city, "city_en": branch,
        "date": date_zh, "date_en": date_en, "room": room[0], "room_en": room[1],
        "nights": nights[0], "nights_en": nights[1], "people": people[0], "people_en": people[1],
        "company": company[0], "company_en": company[1], "time": time[0], "time_en": time[1],
        "code": code, "code_en": code_en, "room_no": room_no + ("房" if rng.random() < 0.5 else ""),
        "room_no_en": room_no, "count": count,
        "tables": tables, "tax": tax, "amount": int(rng.choice([200, 300, 380, 450, 560, 680, 800, 1200])),
        "mins": int(rng.choice([20, 25, 30, 35, 40, 45, 50])),
    }
    return values


def _roughen(rng, text: str, trailing: bool = True) -> str:
    """Typing slips, English words and missing punctuation, as in real messages.

    ``trailing`` allows a doubled ？？ or ！！ at the end (not after a closing or a signature).
    """
    original = text
    if rng.random() < 0.18:
        candidates = [pair for pair in SLIPS if pair[0] in text]
        if candidates:
            right, wrong = candidates[int(rng.integers(len(candidates)))]
            text = text.replace(right, wrong, 1)
    if rng.random() < 0.08:
        candidates = [pair for pair in ENGLISH_SWAPS if pair[0] in text and pair[0] + "人" not in text]
        if candidates:
            zh, en = candidates[int(rng.integers(len(candidates)))]
            text = text.replace(zh, f" {en} ", 1)
    if rng.random() < 0.25:
        text = text.replace("，", " ").replace("？", "").replace("。", "")
    elif rng.random() < 0.15:
        text = text.replace("，", ",").replace("？", "?").replace("！", "!")
    if trailing and rng.random() < 0.08:
        text = text.rstrip("？?！!。.") + ("？？" if rng.random() < 0.5 else "！！")
    text = " ".join(text.split())  # no double spaces where punctuation was dropped
    return text or original


def _compose(rng, topic: str, channel: str, sent: pd.Timestamp, branch: str) -> tuple[str, str, str, str | None, bool, bool]:
    """One message: (text, gloss, topic, second topic or None, bot answerable, needs context)."""
    slots = _fill(rng, sent, branch)
    if topic != "other" and rng.random() < 0.07:  # a message that only the conversation explains
        options = [a for a in AMBIGUOUS if topic in a[2]]
        if options:
            zh, en, _ = options[int(rng.integers(len(options)))]
            return _roughen(rng, zh), en, topic, None, False, True
    intents = REQUESTS[topic]
    _, bot, phrasings = intents[int(rng.integers(len(intents)))]
    zh, en = phrasings[int(rng.integers(len(phrasings)))]
    english = {**slots, "code": slots["code_en"], "time": slots["time_en"], "room_no": slots["room_no_en"]}
    zh, en = zh.format(**slots), en.format(**english)
    if topic == "other":
        return _roughen(rng, zh), en, topic, None, False, False
    second = None
    if rng.random() < 0.12:
        options = [s for s in SECOND if s[0] != topic]
        t2, bot2, zh2, en2 = options[int(rng.integers(len(options)))]
        zh = zh.rstrip("。") + ("，" if rng.random() < 0.6 else "。") + zh2
        en = en + " " + en2
        second, bot = t2, bot and bot2
        if t2 == "complaint" and topic not in ("lost_property",):
            # Staff put a complaint first whatever else the message asks.
            topic, second = "complaint", topic
    openings = OPENINGS[channel]
    if topic in ("complaint", "lost_property"):  # nobody opens a complaint with "may I ask"
        openings = tuple(o for o in openings if "问" not in o[0])
    opening = openings[int(rng.integers(len(openings)))]
    closing = CLOSINGS[channel][int(rng.integers(len(CLOSINGS[channel])))]
    joiner = "" if not closing[0] or closing[0].startswith("。") or zh.endswith(("？", "！", "。")) else "，"
    zh = opening[0] + zh + joiner + closing[0]
    en = (opening[1] + en + closing[1]).strip()
    signed = channel == "email" and rng.random() < 0.5
    text = _roughen(rng, zh, trailing=not closing[0] and not signed)
    if signed:
        text += " ——" + ("王先生", "李先生", "张女士", "陈女士")[int(rng.integers(4))]
    return text, en, topic, second, bool(bot), False


def make_inbox_messages() -> pd.DataFrame:
    """Every written message of the four weeks, with the topic a staff member assigned."""
    rng = np.random.default_rng(502)
    topic_p = np.array(list(world.MESSAGE_TOPIC_SHARE.value.values()))
    channel_p = np.array(list(world.MESSAGE_CHANNEL_SHARE.value.values()))
    branch_share = world.call_branch_shares()
    branch_p = np.array([branch_share[b] for b in BRANCHES])
    rows = []
    for day in DATES:
        for _ in range(int(rng.poisson(world.messages_per_day(day)))):
            topic = TOPICS[int(rng.choice(len(TOPICS), p=topic_p))]
            channel = CHANNELS[int(rng.choice(len(CHANNELS), p=channel_p))]
            branch = BRANCHES[int(rng.choice(len(BRANCHES), p=branch_p))]
            text, gloss, label, second, bot, context = _compose(rng, topic, channel, day, branch)
            rows.append((day.strftime("%Y-%m-%d"), channel, text, gloss, label, second, bot, context))
    frame = pd.DataFrame(rows, columns=["date", "channel", "text", "gloss", "topic", "second_topic",
                                        "bot_answerable", "needs_context"])
    frame.insert(0, "message_id", np.arange(1, len(frame) + 1))
    return frame


def _shares(shares: dict) -> str:
    return ", ".join(f"{key.replace('_', ' ')} {value:.0%}" for key, value in shares.items())


_PHRASINGS = sum(len(phrasings) for intents in REQUESTS.values() for _, _, phrasings in intents)

INBOX_MESSAGES = Resource(
    name="inbox_messages",
    title="Guests' written messages to Mirror Lake Hotels, with their topics (March 2026)",
    description=(
        "Every message that reached Mirror Lake Hotels through its WeChat official account, web chat and e-mail "
        "from 2 to 29 March 2026, as written (in Simplified Chinese, with the slips, English words and missing "
        "punctuation of real messages), with an English gloss for readers who do not read Chinese, the topic a "
        "staff member assigned, a second topic when the message asks two things, whether a self-service bot "
        "with the FAQ and access to the booking system could have answered it fully, and whether the staff "
        "member needed the rest of the conversation to tell what it was about. Chinese is written without "
        "spaces, so a rule that splits messages into words on spaces finds none. Used in Chapter 5 to sort "
        "messages by topic and size the work a bot could take."
    ),
    process=(
        "Synthetic, seed 502, composed from parts written for this book. Messages a day are Poisson around the "
        f"world's messages per day (bookings x {world.MESSAGES_PER_BOOKING.value:.2f} messages per booking, by month "
        f"and weekday); channel ({_shares(world.MESSAGE_CHANNEL_SHARE.value)}), topic "
        f"({_shares(world.MESSAGE_TOPIC_SHARE.value)}) and branch in the world's shares. Each message takes one request of its topic ({_PHRASINGS} phrasings across the "
        "topics, each request type with its own bot flag: a bot can quote prices, cancel with a booking number or "
        "issue an invoice, but not settle a refund dispute or a complaint), filled with a branch, a date written "
        "one of several ways, a room type, a booking number and so on; 12% add a second request (a complaint "
        "then becomes the main topic); a channel's opening and closing; and slips: a homophone or keyboard slip "
        "in 18% (发漂 for 发票), an English word in 8%, punctuation dropped or changed in about a third. 7% are "
        "ambiguous fragments (我的订单有问题) whose topic the staff member took from the conversation "
        "(needs_context = true); a bot cannot answer those. Shares and wording are assumptions, not a sample of "
        "real messages; the topic label is right by construction, so a rule's accuracy here measures the rule "
        "against these parts, not against real guests."
    ),
    fields=(
        Field("message_id", "integer", "Message number", constraints={"required": True, "minimum": 1}),
        Field("date", "date", "Date the message arrived", constraints={"required": True}),
        Field("channel", "string", "Channel the message came through", constraints={"required": True, "enum": list(CHANNELS)}),
        Field("text", "string", "The message as written (Simplified Chinese)", constraints={"required": True}),
        Field("gloss", "string", "An English gloss of the message, for readers who do not read Chinese",
              constraints={"required": True}),
        Field("topic", "string", "Topic assigned by a staff member (the reference label)",
              constraints={"required": True, "enum": list(TOPICS)}),
        Field("second_topic", "string", "A second topic the message also asks about; empty if none",
              constraints={"enum": list(TOPICS)}),
        Field("bot_answerable", "boolean", "True if a bot with the FAQ and booking-system access could answer it fully",
              constraints={"required": True}),
        Field("needs_context", "boolean", "True if the staff member needed the rest of the conversation to label it",
              constraints={"required": True}),
    ),
    make=make_inbox_messages,
    primary_key=("message_id",),
    chapter=5,
)

RESOURCES = [INBOX_MESSAGES]
