"""Names the synthetic generator draws on: countries with their towns, bodies that speak for
them, international bodies, outlets and wires, personal names. Kept here (not in the extraction
lexicons) so that editing a lexicon never changes what a seed generates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Town:
    name: str
    lat: float
    lon: float
    feature: str = "city"


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    demonym: str
    capital: Town
    towns: tuple[Town, ...]
    regions: tuple[Town, ...]


def _t(name: str, lat: float, lon: float) -> Town:
    return Town(name, lat, lon)


def _r(name: str, lat: float, lon: float) -> Town:
    return Town(name, lat, lon, "region")


COUNTRIES: tuple[Country, ...] = (
    Country("UA", "Ukraine", "Ukrainian", _t("Kyiv", 50.45, 30.52),
            (_t("Kharkiv", 49.99, 36.23), _t("Pokrovsk", 48.28, 37.18), _t("Zaporizhzhia", 47.84, 35.14),
             _t("Kherson", 46.64, 32.61), _t("Sumy", 50.91, 34.8)),
            (_r("Donetsk region", 48.1, 37.7), _r("Kharkiv region", 49.5, 36.5), _r("Sumy region", 51.0, 33.9))),
    Country("RU", "Russia", "Russian", _t("Moscow", 55.75, 37.62),
            (_t("Kursk", 51.73, 36.19), _t("Belgorod", 50.6, 36.59), _t("Sudzha", 51.19, 35.27),
             _t("Bryansk", 53.25, 34.37)),
            (_r("Kursk region", 51.6, 36.1), _r("Belgorod region", 50.7, 37.3), _r("Bryansk region", 52.9, 33.4))),
    Country("KP", "North Korea", "North Korean", _t("Pyongyang", 39.03, 125.75),
            (_t("Wonsan", 39.15, 127.44), _t("Chongjin", 41.8, 129.78)), (_r("Rason", 42.3, 130.4),)),
    Country("KR", "South Korea", "South Korean", _t("Seoul", 37.57, 126.98),
            (_t("Busan", 35.18, 129.08), _t("Incheon", 37.46, 126.71)), (_r("Gyeonggi Province", 37.4, 127.5),)),
    Country("IL", "Israel", "Israeli", _t("Jerusalem", 31.77, 35.21),
            (_t("Tel Aviv", 32.09, 34.78), _t("Haifa", 32.79, 34.99), _t("Sderot", 31.52, 34.6)),
            (_r("Negev", 30.8, 34.8), _r("Golan Heights", 33.0, 35.75))),
    Country("PS", "Palestinian territories", "Palestinian", _t("Ramallah", 31.9, 35.2),
            (_t("Gaza City", 31.5, 34.47), _t("Khan Younis", 31.35, 34.3), _t("Rafah", 31.29, 34.25),
             _t("Jenin", 32.46, 35.3)),
            (_r("Gaza Strip", 31.4, 34.4), _r("West Bank", 31.95, 35.3))),
    Country("LB", "Lebanon", "Lebanese", _t("Beirut", 33.89, 35.5),
            (_t("Tyre", 33.27, 35.2), _t("Sidon", 33.56, 35.37), _t("Nabatieh", 33.38, 35.48)),
            (_r("southern Lebanon", 33.3, 35.4), _r("Bekaa Valley", 33.85, 35.9))),
    Country("SY", "Syria", "Syrian", _t("Damascus", 33.51, 36.29),
            (_t("Aleppo", 36.2, 37.16), _t("Idlib", 35.93, 36.63), _t("Homs", 34.73, 36.71),
             _t("Deir ez-Zor", 35.34, 40.14)),
            (_r("Idlib province", 35.8, 36.6), _r("northeast Syria", 36.5, 40.5))),
    Country("YE", "Yemen", "Yemeni", _t("Sanaa", 15.35, 44.21),
            (_t("Aden", 12.79, 45.02), _t("Hodeidah", 14.8, 42.95), _t("Marib", 15.46, 45.33)),
            (_r("Marib province", 15.5, 45.5),)),
    Country("SD", "Sudan", "Sudanese", _t("Khartoum", 15.5, 32.56),
            (_t("Omdurman", 15.64, 32.48), _t("El Fasher", 13.63, 25.35), _t("Wad Madani", 14.4, 33.52),
             _t("Port Sudan", 19.62, 37.22)),
            (_r("Darfur", 13.0, 24.5), _r("Kordofan", 12.9, 29.8), _r("Gezira state", 14.4, 33.3))),
    Country("ET", "Ethiopia", "Ethiopian", _t("Addis Ababa", 9.03, 38.74),
            (_t("Mekelle", 13.5, 39.47), _t("Gondar", 12.6, 37.47), _t("Bahir Dar", 11.59, 37.39)),
            (_r("Tigray", 14.0, 38.5), _r("Amhara region", 11.5, 38.0))),
    Country("SO", "Somalia", "Somali", _t("Mogadishu", 2.04, 45.34),
            (_t("Kismayo", -0.36, 42.55), _t("Baidoa", 3.11, 43.65)), (_r("Lower Shabelle", 1.8, 44.6),)),
    Country("CD", "Democratic Republic of the Congo", "Congolese", _t("Kinshasa", -4.32, 15.31),
            (_t("Goma", -1.68, 29.23), _t("Bukavu", -2.51, 28.86), _t("Bunia", 1.56, 30.25)),
            (_r("North Kivu", -0.8, 29.0), _r("South Kivu", -3.0, 28.3), _r("Ituri", 1.8, 29.8))),
    Country("RW", "Rwanda", "Rwandan", _t("Kigali", -1.95, 30.06), (_t("Gisenyi", -1.7, 29.26),), ()),
    Country("ML", "Mali", "Malian", _t("Bamako", 12.64, -8.0),
            (_t("Timbuktu", 16.77, -3.01), _t("Gao", 16.27, -0.04), _t("Kidal", 18.44, 1.41), _t("Mopti", 14.49, -4.2)),
            (_r("central Mali", 14.5, -4.0),)),
    Country("BF", "Burkina Faso", "Burkinabe", _t("Ouagadougou", 12.37, -1.53),
            (_t("Djibo", 14.1, -1.63), _t("Kaya", 13.09, -1.08)), (_r("Sahel region", 14.0, -0.5),)),
    Country("NG", "Nigeria", "Nigerian", _t("Abuja", 9.06, 7.5),
            (_t("Maiduguri", 11.85, 13.16), _t("Zamfara", 12.17, 6.25), _t("Kano", 12.0, 8.52)),
            (_r("Borno state", 11.5, 13.0),)),
    Country("MM", "Myanmar", "Myanmar", _t("Naypyitaw", 19.76, 96.08),
            (_t("Mandalay", 21.97, 96.08), _t("Lashio", 22.94, 97.75), _t("Myawaddy", 16.69, 98.51),
             _t("Sittwe", 20.15, 92.9)),
            (_r("Rakhine state", 20.0, 93.5), _r("Shan state", 21.5, 98.0))),
    Country("AF", "Afghanistan", "Afghan", _t("Kabul", 34.53, 69.17),
            (_t("Kandahar", 31.61, 65.71), _t("Herat", 34.35, 62.2)), (_r("Helmand province", 31.0, 64.0),)),
    Country("PK", "Pakistan", "Pakistani", _t("Islamabad", 33.69, 73.05),
            (_t("Peshawar", 34.01, 71.58), _t("Quetta", 30.18, 66.98)), (_r("Balochistan", 28.5, 65.5),)),
    Country("IN", "India", "Indian", _t("New Delhi", 28.61, 77.21),
            (_t("Srinagar", 34.08, 74.8), _t("Imphal", 24.82, 93.94)), (_r("Manipur", 24.7, 93.9),)),
    Country("AM", "Armenia", "Armenian", _t("Yerevan", 40.18, 44.51), (_t("Goris", 39.51, 46.34),), ()),
    Country("AZ", "Azerbaijan", "Azerbaijani", _t("Baku", 40.41, 49.87), (_t("Ganja", 40.68, 46.36),),
            (_r("Nagorno-Karabakh", 39.9, 46.7),)),
    Country("HT", "Haiti", "Haitian", _t("Port-au-Prince", 18.54, -72.34), (_t("Cap-Haitien", 19.76, -72.2),),
            (_r("Artibonite", 19.2, -72.5),)),
    Country("CO", "Colombia", "Colombian", _t("Bogota", 4.71, -74.07),
            (_t("Cucuta", 7.89, -72.5), _t("Tibu", 8.64, -72.74)), (_r("Catatumbo", 8.5, -73.0),)),
    Country("MX", "Mexico", "Mexican", _t("Mexico City", 19.43, -99.13),
            (_t("Culiacan", 24.8, -107.39), _t("Tijuana", 32.51, -117.04)), (_r("Sinaloa", 25.0, -107.5),)),
    Country("US", "United States", "U.S.", _t("Washington", 38.9, -77.04), (), ()),
    Country("GB", "Britain", "British", _t("London", 51.51, -0.13), (), ()),
    Country("FR", "France", "French", _t("Paris", 48.86, 2.35), (), ()),
    Country("TR", "Turkey", "Turkish", _t("Ankara", 39.93, 32.86), (_t("Gaziantep", 37.07, 37.38),), ()),
    Country("IR", "Iran", "Iranian", _t("Tehran", 35.69, 51.39), (_t("Isfahan", 32.65, 51.67),), ()),
    Country("CN", "China", "Chinese", _t("Beijing", 39.9, 116.4), (), ()),
)
BY_CODE = {c.code: c for c in COUNTRIES}

# Conflicts to draw stories from: (attacker, defender, foreign contributors).
THEATRES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("RU", "UA", ("KP", "IR")), ("UA", "RU", ("KP",)), ("IL", "PS", ("IR",)), ("IL", "LB", ("IR",)),
    ("SY", "SY", ("TR", "RU", "IR")), ("YE", "YE", ("IR",)), ("SD", "SD", ()), ("ET", "ET", ()),
    ("SO", "SO", ("ET",)), ("RW", "CD", ()), ("ML", "ML", ("RU",)), ("BF", "BF", ()), ("NG", "NG", ()),
    ("MM", "MM", ("CN",)), ("AF", "PK", ()), ("PK", "AF", ()), ("IN", "IN", ()), ("AZ", "AM", ("TR",)),
    ("HT", "HT", ()), ("CO", "CO", ()), ("MX", "MX", ()),
)

# Armed groups a story may count the losses of (kind organization).
GROUP_HEADS = ("Liberation Front", "Defence Forces", "Resistance Movement", "People's Army", "Brigades",
               "Popular Front", "National Movement", "Rapid Support Forces", "Militia", "Revolutionary Council",
               "Liberation Army", "Self-Defence Units", "Salvation Front", "Guard")
GROUP_STEMS = ("Northern", "Eastern", "Southern", "Western", "Highland", "Coastal", "Delta", "Border", "Valley",
               "United", "Free", "Islamic", "Patriotic", "Sahel", "Lakes", "River", "Desert", "Mountain",
               "Forest", "Lowland", "Central", "Frontier", "Plateau", "Savannah", "Northeastern", "Southwestern",
               "Unity", "Dawn", "Crescent", "Star", "Eagle", "Lion")

# Third-party bodies that speak about many conflicts: (surface text, entity, kind, country, aliases).
GLOBAL_SPEAKERS: tuple[tuple[str, str, str, str | None, tuple[str, ...]], ...] = (
    ("the Pentagon", "Pentagon", "military", "US", ("U.S. Defense Department", "Defense Department")),
    ("the U.S. State Department", "State Department", "government", "US", ("State Department",)),
    ("the White House", "White House", "government", "US", ()),
    ("NATO", "NATO", "organization", None, ("the alliance", "North Atlantic Treaty Organization")),
    ("the United Nations", "United Nations", "organization", None, ("UN", "U.N.")),
    ("the UN refugee agency", "UNHCR", "organization", None, ("UNHCR",)),
    ("the UN human rights office", "OHCHR", "organization", None, ("OHCHR",)),
    ("the International Committee of the Red Cross", "International Committee of the Red Cross", "organization",
     None, ("ICRC", "Red Cross")),
    ("the World Health Organization", "World Health Organization", "organization", None, ("WHO",)),
    ("South Korea's National Intelligence Service", "National Intelligence Service", "intelligence", "KR",
     ("NIS", "the spy agency")),
    ("Britain's Defence Intelligence", "Defence Intelligence", "intelligence", "GB", ("British intelligence",)),
    ("the Institute for the Study of War", "Institute for the Study of War", "organization", "US", ("ISW",)),
    ("Human Rights Watch", "Human Rights Watch", "organization", None, ("HRW",)),
    ("Amnesty International", "Amnesty International", "organization", None, ("Amnesty",)),
    ("the Armed Conflict Location and Event Data project", "ACLED", "organization", None, ("ACLED",)),
    ("the European Union", "European Union", "organization", None, ("EU",)),
    ("the African Union", "African Union", "organization", None, ("AU",)),
    ("the Joint Chiefs of Staff", "Joint Chiefs of Staff", "military", "KR", ("JCS",)),
)

# Bodies every country has: (surface template, entity template, kind); {c} country, {d} demonym.
NATIONAL_BODIES: tuple[tuple[str, str, str], ...] = (
    ("{c}'s Defence Ministry", "{d} Defence Ministry", "military"),
    ("the {d} military", "{d} Armed Forces", "military"),
    ("{c}'s General Staff", "{d} General Staff", "military"),
    ("{c}'s military intelligence", "{d} Military Intelligence", "intelligence"),
    ("{c}'s Foreign Ministry", "{d} Foreign Ministry", "government"),
    ("{c}'s Interior Ministry", "{d} Interior Ministry", "government"),
    ("{c}'s Health Ministry", "{d} Health Ministry", "government"),
    ("the {d} government", "{d} Government", "government"),
)
TITLES = ("President", "Prime Minister", "Defence Minister", "Foreign Minister", "army spokesman",
          "government spokesman", "military spokeswoman", "regional governor")
ANONYMOUS = (("officials", "official"), ("a senior official", "official"), ("military sources", "military"),
             ("a security source", "official"), ("people familiar with the matter", "unknown"),
             ("diplomats", "official"), ("local officials", "official"), ("witnesses", "individual"),
             ("residents", "individual"), ("aid workers", "organization"), ("medics", "individual"))

FIRST = ("Amir", "Anna", "Ivan", "Olena", "Lee", "Kim", "Park", "Yusuf", "Fatima", "Omar", "Maria", "John",
         "Sarah", "David", "Ali", "Leila", "Dmitry", "Oleksandr", "Natalia", "Hassan", "Aisha", "Jean", "Claire",
         "Pierre", "Ahmed", "Mariam", "Samuel", "Grace", "Ibrahim", "Zainab", "Carlos", "Lucia", "Diego",
         "Ana", "Min-jun", "Seo-yeon", "Thomas", "Emma", "Daniel", "Nadia", "Kofi", "Amina")
LAST = ("Petrenko", "Ivanov", "Kovalenko", "Seong-kweun", "Ji-hoon", "Haddad", "Khalil", "Mansour", "Cohen",
        "Levi", "Mizrahi", "Osman", "Abdi", "Mohamed", "Tesfaye", "Bekele", "Kabila", "Mugisha", "Traore",
        "Keita", "Ouedraogo", "Okafor", "Adeyemi", "Aung", "Win", "Rahimi", "Khan", "Singh", "Aliyev",
        "Grigoryan", "Pierre", "Duarte", "Moreno", "Garcia", "Smith", "Johnson", "Miller", "Dubois", "Martin",
        "Yilmaz", "Demir", "Karimi", "Sokolov", "Melnyk", "Bondarenko", "Shevchenko", "Hwang", "Yoon")

WIRES: tuple[tuple[str, str | None], ...] = (
    ("Reuters", "GB"), ("The Associated Press", "US"), ("AFP", "FR"), ("Yonhap", "KR"), ("Kyodo", None),
    ("Anadolu Agency", "TR"), ("Ukrinform", "UA"), ("TASS", "RU"), ("Interfax", "RU"), ("Xinhua", "CN"),
    ("dpa", None), ("EFE", None), ("ANSA", None), ("Al Jazeera", None), ("the BBC", "GB"),
)
STATE_MEDIA = {"TASS", "Xinhua"}
OUTLET_STEMS = ("Harbor", "Peninsula", "Eastline", "Crossfield", "Kanto", "Northgate", "Riverside", "Lakeshore",
                "Meridian", "Summit", "Coastal", "Frontier", "Midland", "Capital", "Granite", "Prairie",
                "Highland", "Bayside", "Cedar", "Pioneer", "Atlas", "Beacon", "Compass", "Horizon")
OUTLET_HEADS = ("Wire", "Ledger", "News", "Post", "Chronicle", "Times", "Herald", "Courier", "Daily",
                "Tribune", "Review", "Observer", "Gazette", "Dispatch", "Journal", "Standard")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MONTH_ABBR = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
