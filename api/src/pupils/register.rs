//! The school's register (the "base élèves", SIECLE): the pupils a principal imports, read from
//! the register's XML export (`ElevesSansAdresses.xml`) or from a CSV file. Pure rules: no
//! database, no HTTP. The import itself (classes, accounts) is in `register_import`.

use chrono::{Datelike, NaiveDate};
use quick_xml::events::Event;

use super::rules::Gender;
use crate::schools::rules::Grade;

/// A lycée of 1,500 pupils exports about 1,600 lines (pupils who left included): far below.
pub const MAX_REGISTER_LINES: usize = 6000;

/// The CSV's columns, in the order of the refused lines' report.
pub const CSV_HEADER: [&str; 7] = ["ine", "nom", "prenom", "date_naissance", "sexe", "niveau", "classe"];

/// One pupil of the file, as written there (checked by `check`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterLine {
    /// The CSV line (header = 1), or the pupil's rank in the XML file.
    pub line: usize,
    pub ine: String,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: String,
    pub sex: String,
    /// The MEF code (11 digits) or a level such as "3E", "2NDE".
    pub level: String,
    pub class_name: String,
    /// The register says the pupil left the school (XML `DATE_SORTIE`).
    pub left: bool,
}

impl RegisterLine {
    /// The line's cells in `CSV_HEADER`'s order (for the report of refused lines).
    pub fn cells(&self) -> Vec<String> {
        [&self.ine, &self.last_name, &self.first_name, &self.birth_date, &self.sex, &self.level, &self.class_name].iter().map(|s| s.to_string()).collect()
    }
}

/// The file as read: the school it names (XML only) and its pupils.
#[derive(Debug, Clone, Default)]
pub struct RegisterFile {
    pub uai: Option<String>,
    pub lines: Vec<RegisterLine>,
}

/// A pupil line checked: what the import writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterPupil {
    pub ine: String,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: Option<NaiveDate>,
    pub gender: Gender,
    pub grade: Grade,
    pub class_name: String,
}

/// What one line is for the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    Pupil(RegisterPupil),
    /// A level without observation internship (sixième, première…): skipped, counted.
    NotConcerned,
    /// Left the school: skipped, counted.
    Left,
}

/// The text of the file: UTF-8 (with or without BOM), else the encoding an XML file declares
/// (the register exports ISO-8859-15), else Windows-1252 (a CSV saved by Excel in French).
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let declared = declared_encoding(bytes).filter(|e| *e != encoding_rs::UTF_8);
    match (declared, std::str::from_utf8(bytes)) {
        (Some(enc), _) => enc.decode_without_bom_handling(bytes).0.into_owned(),
        (None, Ok(text)) => text.to_owned(),
        (None, Err(_)) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(200)];
    let head = std::str::from_utf8(head).ok().or_else(|| std::str::from_utf8(&head[..head.iter().position(|b| *b > 127)?]).ok())?;
    if !head.trim_start().starts_with("<?xml") {
        return None;
    }
    let after = &head[head.find("encoding=")? + "encoding=".len()..];
    let quote = after.chars().next()?;
    let label = after[1..].split(quote).next()?;
    encoding_rs::Encoding::for_label(label.as_bytes())
}

/// Reads the file, XML or CSV (told by its first character). A file that cannot be read at all
/// is refused whole (the message says why); lines are checked one by one afterwards.
pub fn parse(text: &str) -> Result<RegisterFile, String> {
    let text = text.trim_start_matches('\u{feff}');
    let file = if text.trim_start().starts_with('<') { parse_xml(text)? } else { parse_csv(text)? };
    if file.lines.is_empty() {
        return Err("Le fichier ne contient aucun élève.".into());
    }
    if file.lines.len() > MAX_REGISTER_LINES {
        return Err(format!("Le fichier dépasse {MAX_REGISTER_LINES} élèves : découpez-le."));
    }
    Ok(file)
}

fn parse_csv(text: &str) -> Result<RegisterFile, String> {
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() >= first.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> =
        reader.headers().map_err(|e| format!("Fichier illisible : {e}"))?.iter().map(|h| crate::reference::rules::normalize(h).replace(' ', "")).collect();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let ine = col(&["ine", "idnational", "numeroine"]);
    let last = col(&["nom", "nomdefamille", "nomusage"]);
    let first_name = col(&["prenom", "prenom1"]);
    let birth = col(&["datenaissance", "datedenaissance", "nele", "datenaiss"]);
    let sex = col(&["sexe", "codesexe", "genre"]);
    let level = col(&["niveau", "mef", "codemef", "formation"]);
    let class = col(&["classe", "division", "codestructure"]);
    let (Some(ine), Some(last), Some(first_name), Some(class)) = (ine, last, first_name, class) else {
        return Err(format!("La première ligne doit nommer les colonnes : {}.", CSV_HEADER.join(";")));
    };
    if level.is_none() {
        return Err("Il manque la colonne « niveau » (le code MEF ou le niveau : 4E, 3E, 2NDE).".into());
    }
    let mut lines = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("Ligne {} illisible : {e}", n + 2))?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").trim().to_owned();
        lines.push(RegisterLine {
            line: n + 2,
            ine: cell(Some(ine)),
            last_name: cell(Some(last)),
            first_name: cell(Some(first_name)),
            birth_date: cell(birth),
            sex: cell(sex),
            level: cell(level),
            class_name: cell(Some(class)),
            left: false,
        });
    }
    Ok(RegisterFile { uai: None, lines })
}

/// The register's XML export: `BEE_ELEVES/PARAMETRES/UAJ` (the school), the pupils under
/// `DONNEES/ELEVES/ELEVE` (keyed by `ELEVE_ID`), their class under
/// `DONNEES/STRUCTURES/STRUCTURES_ELEVE/STRUCTURE` whose `TYPE_STRUCTURE` is `D` (division).
fn parse_xml(text: &str) -> Result<RegisterFile, String> {
    let unreadable = |e: &dyn std::fmt::Display| format!("Le fichier XML est illisible : {e}. Envoyez l'export « élèves sans adresses » de la base élèves.");
    let mut reader = quick_xml::Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut content = String::new();
    let mut uai = None;
    let mut pupils: Vec<(String, RegisterLine)> = Vec::new();
    let mut current: Option<(String, RegisterLine)> = None;
    let mut usage_name = String::new();
    let mut structure_of: Option<String> = None;
    let mut structure = (String::new(), String::new());
    let mut divisions: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut root_seen = false;
    let id_of = |e: &quick_xml::events::BytesStart, name: &str| -> String {
        e.try_get_attribute(name)
            .ok()
            .flatten()
            .map(|a| quick_xml::escape::unescape(&a.value).map(|v| v.trim().to_owned()).unwrap_or_default())
            .unwrap_or_default()
    };
    loop {
        match reader.read_event().map_err(|e| unreadable(&e))? {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_owned();
                if !root_seen {
                    if name != "BEE_ELEVES" {
                        return Err("Ce fichier XML n'est pas un export de la base élèves (BEE_ELEVES) : envoyez l'export « élèves sans adresses ».".into());
                    }
                    root_seen = true;
                }
                match name.as_str() {
                    "ELEVE" => {
                        current = Some((id_of(&e, "ELEVE_ID"), RegisterLine { line: pupils.len() + 1, ..Default::default() }));
                        usage_name.clear();
                    }
                    "STRUCTURES_ELEVE" => structure_of = Some(id_of(&e, "ELEVE_ID")),
                    "STRUCTURE" => structure = (String::new(), String::new()),
                    _ => {}
                }
                path.push(name);
                content.clear();
            }
            Event::Text(t) => content.push_str(&t.xml10_content()),
            Event::CData(t) => content.push_str(&t),
            Event::GeneralRef(r) => {
                let entity = format!("&{};", &*r);
                content.push_str(&quick_xml::escape::unescape(&entity).map_err(|e| unreadable(&e))?);
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let value = content.trim().to_owned();
                content.clear();
                let parent = path.last().map(String::as_str).unwrap_or("");
                match (parent, name.as_str()) {
                    ("PARAMETRES", "UAJ") => uai = Some(value.to_uppercase()),
                    ("ELEVE", field) => {
                        if let Some((_, l)) = current.as_mut() {
                            match field {
                                "ID_NATIONAL" => l.ine = value,
                                "NOM_DE_FAMILLE" | "NOM" => l.last_name = value,
                                "NOM_USAGE" => usage_name = value,
                                "PRENOM" => l.first_name = value,
                                "DATE_NAISS" => l.birth_date = value,
                                "CODE_SEXE" => l.sex = value,
                                "CODE_MEF" => l.level = value,
                                "DATE_SORTIE" => l.left = !value.is_empty(),
                                _ => {}
                            }
                        }
                    }
                    ("STRUCTURE", "CODE_STRUCTURE") => structure.0 = value,
                    ("STRUCTURE", "TYPE_STRUCTURE") => structure.1 = value,
                    (_, "STRUCTURE") => {
                        // The division (the class), not the groups; "Inactifs" holds pupils who left.
                        if let Some(id) = &structure_of {
                            if structure.1 == "D" && !structure.0.is_empty() && structure.0 != "Inactifs" {
                                divisions.insert(id.clone(), structure.0.clone());
                            }
                        }
                    }
                    (_, "STRUCTURES_ELEVE") => structure_of = None,
                    (_, "ELEVE") => {
                        if let Some((id, mut l)) = current.take() {
                            // The name the pupil is known by at school: the usage name when there is one.
                            if !usage_name.is_empty() {
                                l.last_name = std::mem::take(&mut usage_name);
                            }
                            pupils.push((id, l));
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !root_seen {
        return Err("Le fichier XML est vide.".into());
    }
    let lines = pupils
        .into_iter()
        .map(|(id, mut l)| {
            l.class_name = divisions.get(&id).cloned().unwrap_or_default();
            l
        })
        .collect();
    Ok(RegisterFile { uai, lines })
}

/// An INE as the national directories write it: 11 characters, digits then a final letter
/// (INE-RNIE: 10 digits and a letter; INE-BEA: 9 digits and 2 letters).
pub fn is_ine(ine: &str) -> bool {
    let b = ine.as_bytes();
    b.len() == 11 && b[..9].iter().all(u8::is_ascii_digit) && (b[9].is_ascii_digit() || b[9].is_ascii_uppercase()) && b[10].is_ascii_uppercase()
}

/// The grade a level stands for, `None` for a level without observation internship. A MEF
/// code's first three digits say the level (102: quatrième, 103: troisième, 200: seconde
/// générale et technologique); words are accepted too.
pub fn grade_of_level(level: &str) -> Option<Grade> {
    let l = crate::reference::rules::normalize(level).replace(' ', "");
    if l.len() == 11 && l.bytes().all(|b| b.is_ascii_digit()) {
        return match &l[..3] {
            "102" => Some(Grade::Quatrieme),
            "103" => Some(Grade::Troisieme),
            "200" => Some(Grade::Seconde),
            _ => None,
        };
    }
    match l.as_str() {
        "4e" | "4eme" | "quatrieme" => Some(Grade::Quatrieme),
        "3e" | "3eme" | "troisieme" => Some(Grade::Troisieme),
        "2nde" | "2de" | "seconde" | "2ndegt" | "secondegeneraleettechnologique" => Some(Grade::Seconde),
        _ => None,
    }
}

fn parse_birth_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%d/%m/%Y").or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d")).ok()
}

fn gender_of(sex: &str) -> Option<Gender> {
    match crate::reference::rules::normalize(sex).as_str() {
        "" => Some(Gender::NotStated),
        "2" | "f" | "feminin" | "fille" => Some(Gender::Female),
        "1" | "m" | "masculin" | "garcon" | "g" => Some(Gender::Male),
        _ => None,
    }
}

/// Names as people write them: trimmed, single spaces, at most 100 characters.
fn name(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks one line; a refusal is the field and a French message saying what to correct.
pub fn check(l: &RegisterLine, today: NaiveDate) -> Result<Checked, (&'static str, String)> {
    if l.left {
        return Ok(Checked::Left);
    }
    if l.level.trim().is_empty() {
        return Err(("niveau", "Niveau manquant (code MEF ou 4E, 3E, 2NDE).".into()));
    }
    let Some(grade) = grade_of_level(&l.level) else {
        return Ok(Checked::NotConcerned);
    };
    let ine = l.ine.trim().to_uppercase();
    if ine.is_empty() {
        return Err(("ine", "INE manquant : c'est lui qui retrouve l'élève d'un import à l'autre.".into()));
    }
    if !is_ine(&ine) {
        return Err(("ine", format!("INE « {} » invalide : 11 caractères, des chiffres puis une lettre.", l.ine.trim())));
    }
    let (last_name, first_name) = (name(&l.last_name), name(&l.first_name));
    if last_name.is_empty() || last_name.chars().count() > 100 {
        return Err(("nom", "Nom manquant ou trop long (100 caractères au plus).".into()));
    }
    if first_name.is_empty() || first_name.chars().count() > 100 {
        return Err(("prenom", "Prénom manquant ou trop long (100 caractères au plus).".into()));
    }
    let birth_date = match l.birth_date.trim() {
        "" => None,
        s => {
            let d = parse_birth_date(s).ok_or(("date_naissance", format!("Date de naissance « {s} » illisible : écrivez-la JJ/MM/AAAA.")))?;
            let age = today.year() - d.year();
            if d > today || !(9..=25).contains(&age) {
                return Err(("date_naissance", format!("Date de naissance « {s} » invraisemblable pour un élève.")));
            }
            Some(d)
        }
    };
    let gender = gender_of(&l.sex).ok_or(("sexe", format!("Sexe « {} » inconnu : 1 ou M (masculin), 2 ou F (féminin).", l.sex.trim())))?;
    let class_name = name(&l.class_name);
    if class_name.is_empty() {
        return Err(("classe", "Classe manquante : l'élève n'est dans aucune division.".into()));
    }
    if class_name.chars().count() > 50 {
        return Err(("classe", "Nom de classe trop long (50 caractères au plus).".into()));
    }
    Ok(Checked::Pupil(RegisterPupil { ine, last_name, first_name, birth_date, gender, grade, class_name }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 8).expect("date")
    }

    const XML: &str = r#"<?xml version="1.0" encoding="ISO-8859-15"?>
<BEE_ELEVES VERSION="3.1">
  <PARAMETRES><UAJ>0750001a</UAJ><ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE></PARAMETRES>
  <DONNEES>
    <ELEVES>
      <ELEVE ELEVE_ID="11" ELENOET="1">
        <ID_NATIONAL>123456789AB</ID_NATIONAL>
        <NOM_DE_FAMILLE>N&apos;DIAYE</NOM_DE_FAMILLE>
        <PRENOM>Léa</PRENOM>
        <DATE_NAISS>14/03/2012</DATE_NAISS>
        <CODE_SEXE>2</CODE_SEXE>
        <CODE_MEF>10310019110</CODE_MEF>
      </ELEVE>
      <ELEVE ELEVE_ID="12" ELENOET="2">
        <ID_NATIONAL>0000000001X</ID_NATIONAL>
        <NOM_DE_FAMILLE>MARTIN</NOM_DE_FAMILLE>
        <NOM_USAGE>DURAND</NOM_USAGE>
        <PRENOM>Noé</PRENOM>
        <DATE_NAISS>01/07/2013</DATE_NAISS>
        <CODE_SEXE>1</CODE_SEXE>
        <CODE_MEF>10010012110</CODE_MEF>
      </ELEVE>
      <ELEVE ELEVE_ID="13" ELENOET="3">
        <ID_NATIONAL>1234567890Z</ID_NATIONAL>
        <NOM_DE_FAMILLE>PETIT</NOM_DE_FAMILLE>
        <PRENOM>Sam</PRENOM>
        <CODE_MEF>10310019110</CODE_MEF>
        <DATE_SORTIE>02/10/2026</DATE_SORTIE>
      </ELEVE>
    </ELEVES>
    <STRUCTURES>
      <STRUCTURES_ELEVE ELEVE_ID="11" ELENOET="1">
        <STRUCTURE><CODE_STRUCTURE>LATIN</CODE_STRUCTURE><TYPE_STRUCTURE>G</TYPE_STRUCTURE></STRUCTURE>
        <STRUCTURE><CODE_STRUCTURE>3E A</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>
      </STRUCTURES_ELEVE>
      <STRUCTURES_ELEVE ELEVE_ID="12" ELENOET="2">
        <STRUCTURE><CODE_STRUCTURE>6B</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE>
      </STRUCTURES_ELEVE>
    </STRUCTURES>
  </DONNEES>
</BEE_ELEVES>
"#;

    #[test]
    fn reads_the_register_s_xml_export_in_its_own_encoding() {
        // The register writes ISO-8859-15: "é" is one byte, not UTF-8.
        let (bytes, _, _) = encoding_rs::ISO_8859_15.encode(XML);
        assert!(std::str::from_utf8(&bytes).is_err());
        let file = parse(&decode(&bytes)).expect("parsed");
        assert_eq!(file.uai.as_deref(), Some("0750001A"));
        assert_eq!(file.lines.len(), 3);
        let lea = &file.lines[0];
        assert_eq!((lea.ine.as_str(), lea.last_name.as_str(), lea.first_name.as_str()), ("123456789AB", "N'DIAYE", "Léa"));
        assert_eq!((lea.birth_date.as_str(), lea.sex.as_str(), lea.level.as_str(), lea.class_name.as_str()), ("14/03/2012", "2", "10310019110", "3E A"));
        // The usage name wins; the groups (LATIN) are not classes.
        assert_eq!((file.lines[1].last_name.as_str(), file.lines[1].class_name.as_str()), ("DURAND", "6B"));
        assert!(file.lines[2].left);
        let checked: Vec<_> = file.lines.iter().map(|l| check(l, today())).collect();
        assert_eq!(
            checked[0],
            Ok(Checked::Pupil(RegisterPupil {
                ine: "123456789AB".into(),
                last_name: "N'DIAYE".into(),
                first_name: "Léa".into(),
                birth_date: NaiveDate::from_ymd_opt(2012, 3, 14),
                gender: Gender::Female,
                grade: Grade::Troisieme,
                class_name: "3E A".into(),
            }))
        );
        assert_eq!(checked[1], Ok(Checked::NotConcerned));
        assert_eq!(checked[2], Ok(Checked::Left));
    }

    #[test]
    fn reads_a_csv_from_excel_and_checks_each_line() {
        let csv = "INE;Nom;Prénom;Date de naissance;Sexe;Niveau;Classe\n\
                   123456789ab;Bernard;Chloé;05/09/2011;F;3E;3B\n\
                   ;Sans;Ine;;M;3E;3B\n\
                   12345;Court;Ine;;M;3E;3B\n\
                   1234567890C;Lopez;Hugo;31/02/2011;M;3E;3B\n\
                   1234567890D;Roux;Inès;2011-06-01;X;3E;3B\n\
                   1234567890E;Blanc;Jade;;;2NDE;2NDE 1\n\
                   1234567890F;Noir;Tom;;;1ERE;1A\n\
                   1234567890G;Vert;Léo;;;3E;\n";
        // Excel in French saves in Windows-1252.
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(csv);
        let file = parse(&decode(&bytes)).expect("parsed");
        assert_eq!(file.uai, None);
        let results: Vec<_> = file.lines.iter().map(|l| check(l, today()).map_err(|(f, _)| f)).collect();
        assert!(matches!(&results[0], Ok(Checked::Pupil(p)) if p.ine == "123456789AB" && p.first_name == "Chloé" && p.gender == Gender::Female));
        assert_eq!(results[1], Err("ine"));
        assert_eq!(results[2], Err("ine"));
        assert_eq!(results[3], Err("date_naissance"));
        assert_eq!(results[4], Err("sexe"));
        assert!(matches!(&results[5], Ok(Checked::Pupil(p)) if p.grade == Grade::Seconde && p.gender == Gender::NotStated && p.birth_date.is_none()));
        assert_eq!(results[6], Ok(Checked::NotConcerned));
        assert_eq!(results[7], Err("classe"));
        assert_eq!(file.lines[3].line, 5, "lines are counted from the header");
    }

    #[test]
    fn refuses_files_it_cannot_read_whole() {
        assert!(parse("prenom;nom;email\nA;B;c@d.fr").expect_err("columns").contains("ine;nom;prenom"));
        assert!(parse("ine;nom;prenom;classe\n").expect_err("no level").contains("niveau"));
        assert!(parse("ine;nom;prenom;niveau;classe\n").expect_err("empty").contains("aucun élève"));
        assert!(parse("<AUTRE><X/></AUTRE>").expect_err("not the register").contains("BEE_ELEVES"));
        assert!(parse("<BEE_ELEVES><DONNEES><ELEVES><ELEVE></DONNEES>").expect_err("broken").contains("illisible"));
    }

    #[test]
    fn levels_and_ines() {
        assert_eq!(grade_of_level("10210001110"), Some(Grade::Quatrieme));
        assert_eq!(grade_of_level("10310019110"), Some(Grade::Troisieme));
        assert_eq!(grade_of_level("20010018110"), Some(Grade::Seconde));
        // Vocational seconde, première, sixième: no observation internship on Passerelle.
        assert_eq!(grade_of_level("24731006310"), None);
        assert_eq!(grade_of_level("20111001110"), None);
        assert_eq!(grade_of_level("6EME"), None);
        assert_eq!(grade_of_level("3ème"), Some(Grade::Troisieme));
        assert_eq!(grade_of_level("Seconde"), Some(Grade::Seconde));
        assert!(is_ine("123456789AB") && is_ine("0000000001X"));
        assert!(!is_ine("123456789") && !is_ine("12345678901") && !is_ine("A23456789BC"));
    }

    #[test]
    fn decoding_prefers_utf8_and_strips_the_bom() {
        assert_eq!(decode("\u{feff}ine;nom".as_bytes()), "ine;nom");
        assert_eq!(decode("Chloé".as_bytes()), "Chloé");
        assert_eq!(decode(b"Chlo\xe9"), "Chloé");
    }
}
