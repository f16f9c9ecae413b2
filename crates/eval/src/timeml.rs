//! TimeML gold (TimeBank/AQUAINT `.tml` files): the document creation time, the text inside
//! `<TEXT>` with its tags stripped and entities decoded, and the TIMEX3 elements in it.

use vedetta_model::Span;

/// A gold TIMEX3 in the stripped text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldTimex {
    /// Byte span in the stripped text.
    pub span: Span,
    /// `DATE`, `TIME`, `DURATION`, `SET`.
    pub kind: String,
    /// The normalised value.
    pub value: String,
}

/// A TimeML document: creation time, plain text, gold timexes.
#[derive(Debug)]
pub struct TmlDoc {
    /// Value of the creation-time TIMEX3.
    pub dct: Option<String>,
    /// The text inside `<TEXT>`, tags stripped and entities decoded.
    pub text: String,
    /// Gold TIMEX3 elements inside `<TEXT>`.
    pub gold: Vec<GoldTimex>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    loop {
        let k = rest.find(name)?;
        let before_ok = k == 0 || rest.as_bytes()[k - 1].is_ascii_whitespace();
        let after = &rest[k + name.len()..];
        let after_t = after.trim_start();
        if before_ok && after_t.starts_with('=') {
            let v = after_t[1..].trim_start();
            let q = v.chars().next()?;
            if q == '"' || q == '\'' {
                let v = &v[1..];
                return Some(decode(&v[..v.find(q)?]));
            }
            return None;
        }
        rest = after;
    }
}

fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Parses a TimeML file's text (hand-written: TimeML is flat, tags never nest inside TIMEX3).
pub fn parse_tml(src: &str) -> TmlDoc {
    let mut dct = None;
    // The creation time: a TIMEX3 tag with functionInDocument="CREATION_TIME", anywhere.
    let mut from = 0;
    while let Some(k) = src[from..].find("<TIMEX3") {
        let s = from + k;
        let Some(e) = src[s..].find('>') else { break };
        let tag = &src[s..s + e];
        if attr(tag, "functionInDocument").as_deref() == Some("CREATION_TIME") {
            dct = attr(tag, "value");
            break;
        }
        from = s + e;
    }
    let body = match (src.find("<TEXT>"), src.rfind("</TEXT>")) {
        (Some(a), Some(b)) if b > a => &src[a + "<TEXT>".len()..b],
        _ => "",
    };
    let mut text = String::with_capacity(body.len());
    let mut gold = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        text.push_str(&decode(&rest[..lt]));
        let Some(gt) = rest[lt..].find('>') else {
            rest = &rest[lt..];
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        if tag.starts_with("TIMEX3") {
            open = Some((
                text.len(),
                attr(tag, "type").unwrap_or_default(),
                attr(tag, "value").unwrap_or_default(),
            ));
        } else if tag.starts_with("/TIMEX3") {
            if let Some((start, kind, value)) = open.take() {
                gold.push(GoldTimex {
                    span: Span {
                        start,
                        end: text.len(),
                    },
                    kind,
                    value,
                });
            }
        }
        rest = &rest[lt + gt + 1..];
    }
    text.push_str(&decode(rest));
    TmlDoc { dct, text, gold }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tml() {
        let src = r#"<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" functionInDocument="CREATION_TIME">1998-08-07</TIMEX3></DCT>
<TEXT>Bombs <EVENT eid="e1">exploded</EVENT> &amp; more <TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3>.</TEXT></TimeML>"#;
        let d = parse_tml(src);
        assert_eq!(d.dct.as_deref(), Some("1998-08-07"));
        assert_eq!(d.text, "Bombs exploded & more Friday.");
        assert_eq!(d.gold.len(), 1);
        assert_eq!(&d.text[d.gold[0].span.start..d.gold[0].span.end], "Friday");
        assert_eq!(d.gold[0].kind, "DATE");
    }
}
