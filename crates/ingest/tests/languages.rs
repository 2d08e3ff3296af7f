//! One news page layout (menu, share widget, "read also" links, comments,
//! cookie notice, footer) with its article and furniture written in German,
//! French, Polish, Russian, Chinese, Arabic and English: each must give the
//! article's paragraphs, all of them and nothing else, from the bytes up
//! (including a legacy encoding the page declares).

use ingest::{read_bytes, Limits};

struct Page {
    lang: &'static str,
    /// Legacy encoding the page is also served in, when the language has a common one.
    legacy: Option<&'static encoding_rs::Encoding>,
    title: &'static str,
    paragraphs: [&'static str; 3],
    menu: [&'static str; 4],
    read_also: &'static str,
    share: &'static str,
    comments: &'static str,
    cookies: &'static str,
}

const PAGES: &[Page] = &[
    Page {
        lang: "de",
        legacy: Some(encoding_rs::WINDOWS_1252),
        title: "Stadtrat beschließt neuen Haushalt",
        paragraphs: [
            "Der Stadtrat hat am Dienstagabend nach einer langen Debatte den Haushalt für das kommende Jahr beschlossen.",
            "Die größten Posten sind die Sanierung der Schulen und der Ausbau der Straßenbahn, sagte die Kämmerin.",
            "Die Opposition kritisierte, dass die Gebühren für Kindergärten um zehn Prozent steigen sollen.",
        ],
        menu: ["Startseite", "Politik", "Wirtschaft", "Sport"],
        read_also: "Lesen Sie auch",
        share: "Teilen",
        comments: "Kommentare",
        cookies: "Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten.",
    },
    Page {
        lang: "fr",
        legacy: Some(encoding_rs::WINDOWS_1252),
        title: "Le conseil municipal adopte le budget",
        paragraphs: [
            "Le conseil municipal a adopté mardi soir le budget de l'année prochaine après un long débat.",
            "Les principales dépenses concernent la rénovation des écoles et l'extension du tramway, a précisé l'adjointe aux finances.",
            "L'opposition a dénoncé une hausse de dix pour cent des tarifs des crèches.",
        ],
        menu: ["Accueil", "Politique", "Économie", "Sport"],
        read_also: "Lire aussi",
        share: "Partager",
        comments: "Commentaires",
        cookies: "Nous utilisons des cookies pour vous offrir la meilleure expérience.",
    },
    Page {
        lang: "pl",
        legacy: Some(encoding_rs::ISO_8859_2),
        title: "Rada miasta przyjęła nowy budżet",
        paragraphs: [
            "Rada miasta we wtorek wieczorem po długiej debacie przyjęła budżet na przyszły rok.",
            "Największe wydatki to remonty szkół i rozbudowa sieci tramwajowej, powiedziała skarbnik miasta.",
            "Opozycja skrytykowała podwyżkę opłat za przedszkola o dziesięć procent.",
        ],
        menu: ["Strona główna", "Polityka", "Gospodarka", "Sport"],
        read_also: "Czytaj także",
        share: "Udostępnij",
        comments: "Komentarze",
        cookies: "Używamy plików cookies, aby zapewnić najlepsze wrażenia.",
    },
    Page {
        lang: "ru",
        legacy: Some(encoding_rs::WINDOWS_1251),
        title: "Городской совет утвердил новый бюджет",
        paragraphs: [
            "Городской совет во вторник вечером после долгих обсуждений утвердил бюджет на следующий год.",
            "Основные расходы пойдут на ремонт школ и расширение трамвайной сети, сообщила глава финансового управления.",
            "Оппозиция раскритиковала повышение платы за детские сады на десять процентов.",
        ],
        menu: ["Главная", "Политика", "Экономика", "Спорт"],
        read_also: "Читайте также",
        share: "Поделиться",
        comments: "Комментарии",
        cookies: "Мы используем файлы cookie, чтобы сайт работал лучше.",
    },
    Page {
        lang: "zh",
        legacy: Some(encoding_rs::GBK),
        title: "市议会通过新预算",
        paragraphs: [
            "市议会周二晚间经过长时间辩论，通过了明年的预算。",
            "财政局长表示，最大的支出项目是学校翻修和有轨电车线路的扩建。",
            "反对派批评幼儿园收费将上涨百分之十。",
        ],
        menu: ["首页", "政治", "经济", "体育"],
        read_also: "相关阅读",
        share: "分享",
        comments: "评论",
        cookies: "我们使用cookie来改善您的浏览体验。",
    },
    Page {
        lang: "ar",
        legacy: Some(encoding_rs::WINDOWS_1256),
        title: "مجلس المدينة يقر الميزانية الجديدة",
        paragraphs: [
            "أقر مجلس المدينة مساء الثلاثاء ميزانية العام المقبل بعد نقاش طويل.",
            "وقالت مديرة المالية إن أكبر النفقات تخص ترميم المدارس وتوسيع شبكة الترام.",
            "وانتقدت المعارضة رفع رسوم رياض الأطفال بنسبة عشرة في المئة.",
        ],
        menu: ["الرئيسية", "سياسة", "اقتصاد", "رياضة"],
        read_also: "اقرأ أيضا",
        share: "شارك",
        comments: "التعليقات",
        cookies: "نستخدم ملفات تعريف الارتباط لتحسين تجربتك.",
    },
    Page {
        lang: "en",
        legacy: None,
        title: "City council approves new budget",
        paragraphs: [
            "The city council approved next year's budget on Tuesday evening after a long debate.",
            "The largest items are the renovation of schools and the extension of the tram network, the treasurer said.",
            "The opposition criticised a ten percent rise in nursery fees.",
        ],
        menu: ["Home", "Politics", "Business", "Sport"],
        read_also: "Read also",
        share: "Share",
        comments: "Comments",
        cookies: "We use cookies to give you the best experience.",
    },
];

fn html(page: &Page, charset: &str) -> String {
    let menu: String = page.menu.iter().map(|m| format!("<li><a href=\"/{m}\">{m}</a></li>")).collect();
    let related: String = (1..=3).map(|n| format!("<li><a href=\"/story/{n}\">{} {n}</a></li>", page.menu[n])).collect();
    let dir = if page.lang == "ar" { " dir=\"rtl\"" } else { "" };
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"{dir}><head><meta charset=\"{charset}\"><title>{title}</title></head><body>\
         <header><nav><ul>{menu}</ul></nav></header>\
         <div class=\"cookie-banner\"><p>{cookies}</p></div>\
         <main><article><h1>{title}</h1>\
         <div class=\"share\"><a href=\"#\">{share}</a> <a href=\"#\">Facebook</a> <a href=\"#\">X</a></div>\
         <div class=\"article-body\"><p>{p0}</p><p>{p1}</p>\
         <aside class=\"read-also\"><p>{read_also}: <a href=\"/story/9\">{menu0} 9</a></p></aside>\
         <p>{p2}</p></div></article>\
         <section class=\"related\"><h2>{read_also}</h2><ul>{related}</ul></section>\
         <section id=\"comments\"><h2>{comments}</h2><p>{p0}</p></section></main>\
         <footer><ul>{menu}</ul><p>© 2020</p></footer></body></html>",
        lang = page.lang,
        title = page.title,
        cookies = page.cookies,
        share = page.share,
        p0 = page.paragraphs[0],
        p1 = page.paragraphs[1],
        p2 = page.paragraphs[2],
        read_also = page.read_also,
        menu0 = page.menu[0],
        comments = page.comments,
    )
}

fn check(page: &Page, bytes: &[u8], how: &str) {
    let out = read_bytes("page.html", bytes, &Limits::default());
    assert_eq!(out.articles.len(), 1, "{} ({how}): {:?}", page.lang, out.rejected);
    let article = &out.articles[0];
    let paragraphs: Vec<&str> = article.text.split("\n\n").collect();
    assert_eq!(paragraphs, page.paragraphs, "{} ({how})", page.lang);
    assert_eq!(article.title.as_deref(), Some(page.title), "{} ({how})", page.lang);
    assert_eq!(article.language, page.lang, "{} ({how})", page.lang);
}

#[test]
fn the_same_page_extracts_alike_in_seven_languages() {
    for page in PAGES {
        check(page, html(page, "utf-8").as_bytes(), "UTF-8");
        if let Some(encoding) = page.legacy {
            let text = html(page, encoding.name());
            // Characters the encoding lacks (© in Latin-2) become numeric references, as browsers send them.
            let (bytes, _, _) = encoding.encode(&text);
            check(page, &bytes, encoding.name());
        }
    }
}
