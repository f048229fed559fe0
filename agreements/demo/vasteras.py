"""The Västerås agreements as text: 2023–2027 (signed 2023-06-07) and its predecessor 2019–2023.

Copied from the signed document, the city's web page on the 2019 agreement and the presentation of the
work (the three time horizons, the partners joining, goal areas A–H). Nothing here is invented; where a
source is vaguer than a field (a month instead of a day), the comment next to the value says so.
"""

import datetime

VASTERAS_STAD = {"name": "Västerås stad", "kind": "municipality"}
POLICE = {"name": "Lokalpolisområde Västerås", "kind": "police"}
MIMER = {"name": "Bostads AB Mimer", "kind": "company"}
REGION = {"name": "Region Västmanland", "kind": "region"}

AGREEMENT_2019 = {
    "title": "Samverkansöverenskommelse mellan Västerås stad och Lokalpolisområde Västerås",
    "valid_from": datetime.date(2019, 11, 6),
    "valid_until": datetime.date(2023, 3, 1),
    "extension_assumed": False,
    "terminable_by_either_party": True,
    "purpose": (
        "Västerås stad och Lokalpolisområde Västerås har kommit överens om att gemensamt arbeta med "
        "trygghetsskapande och brottsförebyggande frågor."
    ),
    "goal": ("Vårt gemensamma mål är att brottsligheten ska minska och den upplevda tryggheten ska öka i kommunen."),
    "geographic_focus": "",
    "principles_intro": "",
    "governance_structure": (
        "Ansvar och tidplan\n"
        "Västerås Stad och Lokalpolisområde Västerås har gemensamt ansvar att verka för att båda parter "
        "uppfyller samverkansöverenskommelsen. Kontaktpersoner utses i varje organisation, lämpligen hos "
        "Kommunpolisen respektive Enheten för hållbarhet.\n\n"
        "Västerås stad ansvarar för den årligen återkommande processen, dvs att årligen senast den 1 juni "
        "initiera möten och upprätta tidsplan för arbetet under kommande år. Målsättningen är att den "
        "gemensamma lägesbilden ska vara framtagen senast den 1 januari årligen, samt att medborgarlöften löper "
        "halvårsvis (april-september och oktober-mars)."
    ),
    "work_model": (
        "Samarbetsmodell\n"
        "Vår samarbetsmodell bygger på samverkanshandboken som är framtagen av SKL, polisen och "
        "Brottsförebyggande rådet, Brå.\n\n"
        "Vårt gemensamma arbete ska utgå från en gemensam lägesbild av vilken kriminalitet och brottsutveckling "
        "som råder i kommunen, samt vilka ordningsstörningar och i övrigt otrygga platser som finns i kommunen. "
        "Lägesbilden tas fram dels genom medarbetardialoger i båda organisationerna, genom medborgardialoger och "
        "genom statistiskt underlag.\n\n"
        "En övergripande gemensam lägesbild definieras årligen. Utifrån denna värderas och prioriteras "
        "problembilder för att vi ska kunna rikta verksamhet mot de delar som har störst samhällelig påverkan. "
        "Vi orsaksanalyserar de prioriterade problembilderna för att kunna vidta adekvata proaktiva åtgärder. "
        "Vi upprättar handlingsplaner för varje definierat problem, där vi överenskommer om vem som ansvarar för "
        "att respektive åtgärd vidtas. Vissa av dessa åtgärder formulerar vi som medborgarlöften.\n\n"
        "Medborgarlöftena kan ha olika löptid beroende på vilken åtgärd de innefattar, men lämpligen 6 månader "
        "(april-september och oktober-mars).\n\n"
        "Den gemensamma lägesbilden upprätthålls och justeras löpande under året genom veckovisa möten. EST "
        "(Effektiv Samordning för Trygghet) är ett verktyg som vi redan arbetar framgångsrikt i och avser att "
        "vidareutveckla. Vi kan utifrån detta vidta gemensamma reaktiva åtgärder.\n\n"
        "Utvärdering\n"
        "I samband med framtagande av ny övergripande lägesbild utvärderar vi föregående års arbete. "
        "Medborgarlöftena utvärderas i samband med att de avslutas.\n\n"
        "Vi vill dels utvärdera om vi uppnått avsedd effekt (måluppfyllelse), dels utvärdera om vi utfört den "
        "åtgärd vi lovat (processutvärdering).\n\n"
        "Kommunikationsstrategi\n"
        "Vi vill skapa förståelse för vårt arbete och att arbetet är transparent. På det sättet vill vi också "
        "att kommunikationen ska ha en trygghetsskapande effekt.\n\n"
        "En gemensam kommunikationsplan ska därför upprättas där vi tydliggör på vilket sätt vi externt och "
        "internt förmedlar information om vårt gemensamma arbete."
    ),
    # The source names neither place nor date of signing; it is the city's news item of 2019-11-05 in which
    # the two sign ("skriver under"), so that date stands for their signatures below.
    "signing_place": "",
    "signing_date": None,
    "is_published": False,
}
PARTIES_2019 = [(VASTERAS_STAD, None), (POLICE, None)]
SIGNATORIES_2019 = [
    {
        "name": "Anders Teljebäck",
        "title": "kommunstyrelsens ordförande",
        "organisation": "Västerås stad",
        "party": VASTERAS_STAD,
    },
    {
        "name": "Linda Hedmark",
        "title": "tf Lokalpolisområdeschef Västerås",
        "organisation": "Lokalpolisområde Västerås",
        "party": POLICE,
    },
]
SIGNED_ON_2019 = datetime.date(2019, 11, 5)

AGREEMENT_2023 = {
    "title": "Samverkansöverenskommelse mellan Västerås Stad och lokalpolisområde Västerås",
    "valid_from": datetime.date(2023, 6, 7),
    "valid_until": datetime.date(2027, 6, 1),
    "extension_assumed": True,
    "terminable_by_either_party": False,
    "purpose": (
        "Västerås Stad och lokalpolisområde Västerås är överens om att samverka i syfte att skapa en jämlik, "
        "trygg och socialt hållbar kommun."
    ),
    "goal": (
        "Vårt långsiktiga mål är att boende i alla våra stadsdelar har lika goda förutsättningar. Vi vill att "
        "människor i Västerås upplever ett samhällsengagemang och tar ansvar för sin tillvaro, att de har tillit "
        "till myndigheter, känner framtidstro och deltar i demokratiska processer.\n\n"
        "Vi avser att arbeta i flera tidsperspektiv samtidigt, på ett sätt som gör att vi genom våra delmål "
        "skapar förutsättningar för att nå slutmålet."
    ),
    "geographic_focus": "Vårt arbete fokuseras mot Västerås västra stadsdelar då behovet i dagsläget är störst där.",
    "principles_intro": "Vi har enats om principer för vårt arbete, som innebär att vi arbetar enligt följande;",
    "governance_structure": (
        "Vi arbetar i en strategisk ledning, en operativ ledning och nätverksbaserade arbetsgrupper sammansatta "
        "utifrån delmålens och insatsernas natur. Befintliga forum i våra organisationer ska användas som "
        "arbetsgrupper, i den utsträckning det är möjligt.\n\n"
        "Strategisk ledning – lokalpolisområdeschefen (LpoC) och dennes biträdande, enhetschefen "
        "Hållbarhetsenheten (HE), direktörerna från Kultur- Idrotts- och Fritidsförvaltningen, Individ och "
        "Familjeförvaltningen, Barn och Utbildningsförvaltningen och Skultuna kommundelsförvaltning, VD för "
        "bostadsbolaget Mimer samt Region Västmanlands utvecklingsdirektör. Sammankallande; enhetschefen HE och "
        "LpoC, 4 ggr/år\n\n"
        "Övergripande operativ ledning – kommunpolis, polisoperativ koordinator, kommunens strateger för "
        "trygghetsskapande och brottsförebyggande frågor. Sammankallande; ingående medlemmar, vid behov\n\n"
        "Den strategiska ledningen beslutar om delmål och insatser, samt har mandat att tillsätta resurser som "
        "krävs för att genomföra detta. Den övergripande operativa ledningen kartlägger behov, analyserar och "
        "följer upp insatserna. De nätverksbaserade arbetsgrupperna tillsätts i dialog mellan den strategiska och "
        "operativa ledningen och arbetsgrupperna rapporterar till den operativa ledningen."
    ),
    "work_model": (
        "Vi arbetar i tre tidsperspektiv, där det första är kortsiktigt och innehåller insatser av mer reaktiv "
        "karaktär. Det andra tidsperspektivet innehåller åtgärder som verkar för att förhindra uppkomsten av "
        "problemen och det tredje tidsperspektivet innebär att på lång sikt förändra förutsättningarna till "
        "missförhållandena.\n\n"
        "Vi avser att arbeta i alla tre tidsperspektiv samtidigt, på ett sätt som gör att insatserna stödjer "
        "varandra.\n\n"
        "Den strategiska samverkansledningen har identifierat viktiga delmål för att nå slutmålet och prioriterat "
        "vilka som är viktigast att börja med. På samma sätt har aktiviteter definierats och prioriterats, utifrån "
        "de principer som gäller för vårt arbete.\n\n"
        "Delmålen och aktiviteterna redovisas separat."
    ),
    "signing_place": "Västerås",
    "signing_date": datetime.date(2023, 6, 7),
    "is_published": True,
}
# The presentation gives months only ("Mimer januari 2023", "Regionen augusti 2023"): the first of the
# month stands for it, and pages show a party's joining as month and year.
PARTIES_2023 = [
    (VASTERAS_STAD, None),
    (POLICE, None),
    (MIMER, datetime.date(2023, 1, 1)),
    (REGION, datetime.date(2023, 8, 1)),
]
PRINCIPLES_2023 = [
    ("Långsiktigt och uthålligt", "vi vet att de önskade effekterna tar tid att nå"),
    ("Involverande", "vi arbetar gemensamt med andra och stärker människors egenmakt"),
    ("Öppenhet och transparens", "vi påvisar helhetsbilden både internt och externt"),
    ("Modigt och nytänkande", "vi vågar prova nytt, vi får misslyckas och vi utmanar varandra"),
    ("Fokuserat och prioriterat", "vi riktar arbetet där det behövs mest och börjar där vi kan lyckas tidigt"),
]
# The slide "Arbetsmodell – Vi arbetar i tre tidsperspektiv", its words per column.
TIME_HORIZONS_2023 = [
    {
        "name": "Att vinna slaget",
        "focus": "Symptomen",
        "span": "1–3 år",
        "description": (
            "Reaktivt, repressivt. Situationell prevention, brottsförebyggande. Extremt lokalt, systemignorant: "
            "lösa problem. Polis, väktare, kameror, socialtjänst, fältare; civilsamhällets problemlösande roll. "
            "Enkla framgångsmått. De kriminella, individen – unga vuxna."
        ),
    },
    {
        "name": "Att vinna kriget",
        "focus": "Orsakerna",
        "span": "2–10 år",
        "description": (
            "Proaktivt, rehabiliterande. Tydliga samband, social prevention, trygghetsskapande. Lokalt/regionalt, "
            "systemstödjande: undvika problem. Jobb, skola, förskola, fritid, kultur; civilsamhällets utvecklande "
            "roll. Fördjupade framgångsmått, linjär kausalitet. De 6%, gruppen – barn och unga."
        ),
    },
    {
        "name": "Att bygga freden",
        "focus": "Orsakernas orsaker",
        "span": "5–20 år",
        "description": (
            "Strukturellt. Komplexa samband, social hållbarhet. Samhällsperspektiv, systemförändrande: skapa hopp. "
            "Boende, EBO, samhällsbyggnad, folkbokföring; etnisk slutenhet, koncentrerad social utsatthet; "
            "civilsamhällets centrala roll. Komplexa/subtila framgångsmått, cirkulär kausalitet. De 94%, "
            "kulturen – barn."
        ),
    },
]
GOAL_AREAS_2023 = [
    ("A", "Inga utsatta områden", ["god socioekonomi", "låg kriminell inverkan"]),
    ("B", "Barn och unga ska lyckas", []),
    ("C", "Ökad tillit till myndigheter", []),
    ("D", "Minskad socio-ekonomisk segregation", []),
    ("E", "Egenmakt – möjlighet att påverka och känna ansvar för sitt område", []),
    ("F", "Öka möjlighet till långsiktig försörjning", []),
    (
        "G",
        "Trygga och bra boendemiljöer",
        ["inget drogmissbruk", "inga skjutningar", "inga öppna drogscener/droghandel"],
    ),
    ("H", "Reducera dödligt våld", []),
]
# In the order of the signature page; all signed in Västerås on 2023-06-07.
SIGNATORIES_2023 = [
    {
        "name": "Staffan Jansson (S)",
        "title": "kommunstyrelsens ordförande",
        "organisation": "Västerås Stad",
        "party": VASTERAS_STAD,
    },
    {
        "name": "Åsa Lundkvist",
        "title": "direktör barn- och utbildningsförvaltningen",
        "organisation": "Västerås Stad",
        "party": VASTERAS_STAD,
    },
    {
        "name": "Lenny Hallgren",
        "title": "direktör kultur-, idrotts- och fritidsförvaltningen",
        "organisation": "Västerås Stad",
        "party": VASTERAS_STAD,
    },
    {
        "name": "Peter Boudin",
        "title": "direktör individ- och familjeförvaltningen",
        "organisation": "Västerås Stad",
        "party": VASTERAS_STAD,
    },
    {
        "name": "Rasmus Persson",
        "title": "direktör Skultuna kommundelsförvaltning",
        "organisation": "Västerås Stad",
        "party": VASTERAS_STAD,
    },
    {
        "name": "Per-Inge Hellman",
        "title": "enhetschef hållbarhetsenheten",
        "organisation": "Västerås Stad",
        "party": VASTERAS_STAD,
    },
    {"name": "Mikael Källqvist", "title": "VD", "organisation": "Bostads AB Mimer", "party": MIMER},
    {
        "name": "Lars Jansson",
        "title": "Lokalpolisområdeschef, Västerås",
        "organisation": "Lokalpolisområde Västerås",
        "party": POLICE,
    },
]
SIGNED_ON_2023 = datetime.date(2023, 6, 7)
