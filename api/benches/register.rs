//! `make bench-register`: a principal imports the school's register (issue 25's scale: a lycée
//! of 1,500 pupils in under 10 seconds), in process, on SQLite, and on PostgreSQL when
//! `BENCH_DATABASE_URL` points at an empty database. Three imports of each file: the first
//! (accounts and classes created), the same file again (nothing to change), then the file with
//! a tenth of the pupils in another class. Figures are printed, not asserted (no timed tests).

use std::time::Instant;

use diesel::prelude::*;
use passerelle::db::{self, AnyConnection};
use passerelle::pupils::{register, register_import};
use passerelle::reference::model::School;

const FIRST: [&str; 12] = ["Léa", "Noé", "Inès", "Hugo", "Zoé", "Adam", "Chloé", "Yanis", "Jade", "Louis", "Aïcha", "Théo"];
const LAST: [&str; 12] = ["MARTIN", "BERNARD", "N'DIAYE", "PETIT", "DUBOIS", "MOREAU", "LAURENT", "GARCIA", "ROUX", "FAURE", "BENALI", "LEROY"];

/// The register's export of a lycée: `n` pupils, `concerned` of them in seconde générale et
/// technologique (35 a class), the others in première and terminale; `moved` pupils of seconde
/// sit in the next class (a class change since the last export).
fn register_xml(uai: &str, first_ine: usize, n: usize, concerned: usize, moved: usize) -> Vec<u8> {
    let mut pupils = String::new();
    let mut structures = String::new();
    for i in 0..n {
        let (mef, class) = if i < concerned {
            let class = (i / 35 + usize::from(i < moved)) % concerned.div_ceil(35) + 1;
            ("20010018110", format!("2NDE {class}"))
        } else if i % 2 == 0 {
            ("20111001110", format!("1G{}", i % 12 + 1))
        } else {
            ("20211001110", format!("TG{}", i % 12 + 1))
        };
        pupils += &format!(
            "<ELEVE ELEVE_ID=\"{i}\"><ID_NATIONAL>{:09}{}{}</ID_NATIONAL><NOM_DE_FAMILLE>{}</NOM_DE_FAMILLE><PRENOM>{}</PRENOM><DATE_NAISS>{:02}/{:02}/2010</DATE_NAISS><CODE_SEXE>{}</CODE_SEXE><CODE_MEF>{mef}</CODE_MEF></ELEVE>",
            first_ine + i,
            (b'A' + (i % 26) as u8) as char,
            (b'A' + (i / 26 % 26) as u8) as char,
            LAST[i % LAST.len()],
            FIRST[i / LAST.len() % FIRST.len()],
            i % 28 + 1,
            i % 12 + 1,
            i % 2 + 1,
        );
        structures += &format!(
            "<STRUCTURES_ELEVE ELEVE_ID=\"{i}\"><STRUCTURE><CODE_STRUCTURE>LV2-ESP</CODE_STRUCTURE><TYPE_STRUCTURE>G</TYPE_STRUCTURE></STRUCTURE><STRUCTURE><CODE_STRUCTURE>{class}</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>"
        );
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n<BEE_ELEVES VERSION=\"3.1\"><PARAMETRES><UAJ>{uai}</UAJ></PARAMETRES><DONNEES><ELEVES>{pupils}</ELEVES><STRUCTURES>{structures}</STRUCTURES></DONNEES></BEE_ELEVES>\n"
    );
    encoding_rs::ISO_8859_15.encode(&xml).0.into_owned()
}

fn lycee(uai: &str) -> School {
    School {
        uai: uai.to_owned(),
        kind: "lycee".into(),
        name: format!("Lycée du banc d'essai {uai}"),
        search_text: "lycee banc essai".into(),
        status: "Public".into(),
        nature_label: "LYCEE GENERAL ET TECHNOLOGIQUE".into(),
        address: "1 rue du Test".into(),
        postal_code: "42000".into(),
        commune_code: "42218".into(),
        commune_name: "Saint-Étienne".into(),
        department_code: "42".into(),
        academie_code: "10".into(),
        region_code: "84".into(),
        latitude: Some(45.44),
        longitude: Some(4.39),
        priority_education: None,
        qpv: None,
        general_or_technological: Some(true),
    }
}

fn set_up(conn: &mut AnyConnection, uai: &str) -> School {
    let now = db::now();
    diesel::sql_query("INSERT INTO users (id, email, password_hash, role, first_name, last_name, confirmed_at, failed_logins, created_at, updated_at) VALUES ($1, NULL, '!', 'school_staff', 'B', 'B', $2, 0, $3, $4)")
        .bind::<diesel::sql_types::Text, _>(format!("bench-{uai}"))
        .bind::<diesel::sql_types::Timestamp, _>(now)
        .bind::<diesel::sql_types::Timestamp, _>(now)
        .bind::<diesel::sql_types::Timestamp, _>(now)
        .execute(conn)
        .expect("principal");
    let school = lycee(uai);
    diesel::insert_into(passerelle::db::schema::schools::table).values(&school).execute(conn).expect("school");
    passerelle::schools::insert_registration(conn, &passerelle::schools::model::Registration::new(uai, &format!("bench-{uai}"), now)).expect("registration");
    school
}

/// `case`: the file's rank, so that two schools' registers never share an INE.
fn run(conn: &mut AnyConnection, case: usize, uai: &str, n: usize, concerned: usize) {
    let first_ine = 100_000_000 + case * 10_000;
    let school = set_up(conn, uai);
    let today = chrono::Utc::now().date_naive();
    let files = [
        ("premier import", register_xml(uai, first_ine, n, concerned, 0)),
        ("même fichier", register_xml(uai, first_ine, n, concerned, 0)),
        ("10 % changent de classe", register_xml(uai, first_ine, n, concerned, concerned / 10)),
    ];
    for (label, bytes) in files {
        let start = Instant::now();
        let file = register::parse(&register::decode(&bytes)).expect("parsed");
        let parsed = start.elapsed();
        let r = register_import::import(conn, &school, file, today).expect("imported");
        let total = start.elapsed();
        assert!(r.errors.is_empty(), "{:?}", r.errors.first().map(|e| &e.message));
        println!(
            "  {n} élèves ({concerned} de seconde), {label} : {:.2} s (lecture {:.0} ms, fichier XML de {} Ko) — créés {}, mis à jour {}, inchangés {}, autres niveaux {}, classes créées {}",
            total.as_secs_f64(),
            parsed.as_secs_f64() * 1000.0,
            bytes.len() / 1024,
            r.created,
            r.updated,
            r.unchanged,
            r.not_concerned,
            r.classes_created.len(),
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this without it: then a
    // small file only checks that the bench still works.
    let measuring = std::env::args().any(|a| a == "--bench");
    let cases: &[(usize, usize)] = if measuring { &[(1_500, 520), (1_500, 1_500)] } else { &[(90, 40)] };
    for (i, &(n, concerned)) in cases.iter().enumerate() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("bench.db").display());
        let (pool, _) = db::connect(&url, 1).expect("sqlite");
        let mut conn = pool.get().expect("conn");
        db::migrate(&mut conn).expect("migrate");
        println!("SQLite :");
        run(&mut conn, i, &format!("099{i:04}B"), n, concerned);
    }
    if let Ok(url) = std::env::var("BENCH_DATABASE_URL") {
        let (pool, _) = db::connect(&url, 1).expect("postgres");
        let mut conn = pool.get().expect("conn");
        db::migrate(&mut conn).expect("migrate");
        println!("PostgreSQL :");
        for (i, &(n, concerned)) in cases.iter().enumerate() {
            run(&mut conn, i, &format!("098{i:04}C"), n, concerned);
        }
    }
}
