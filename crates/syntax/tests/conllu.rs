//! CoNLL-U round trip and error reporting.

use vedetta_syntax::conllu::{self, NodeKind};
use vedetta_syntax::Error;

const SAMPLE: &str = "# newdoc id = test-doc
# sent_id = s1
# text = Nel nome dell'Italia, gli dissero: \"Vattene\".
1-2\tNel\t_\t_\t_\t_\t_\t_\t_\t_
1\tIn\tin\tADP\tE\t_\t3\tcase\t3:case\t_
2\til\til\tDET\tRD\tDefinite=Def|Gender=Masc|Number=Sing|PronType=Art\t3\tdet\t3:det\t_
3\tnome\tnome\tNOUN\tS\tGender=Masc|Number=Sing\t8\tobl\t8:obl:in\t_
4-5\tdell'\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No
4\tdi\tdi\tADP\tE\t_\t6\tcase\t6:case\t_
5\tl'\til\tDET\tRD\tDefinite=Def|Number=Sing|PronType=Art\t6\tdet\t6:det\t_
6\tItalia\tItalia\tPROPN\tSP\t_\t3\tnmod\t3:nmod:di\tSpaceAfter=No
7\t,\t,\tPUNCT\tFF\t_\t3\tpunct\t3:punct\t_
8\tgli\tgli\tPRON\tPC\tClitic=Yes|Gender=Masc|Number=Sing|Person=3|PronType=Prs\t9\tiobj\t9:iobj\t_
8.1\tdissero\tdire\tVERB\tV\t_\t_\t_\t0:root\tCopyOf=9
9\tdissero\tdire\tVERB\tV\tMood=Ind|Number=Plur|Person=3|Tense=Past|VerbForm=Fin\t0\troot\t0:root\tSpaceAfter=No
10\t:\t:\tPUNCT\tFC\t_\t9\tpunct\t9:punct\t_
11\t\"\t\"\tPUNCT\tFB\t_\t12\tpunct\t12:punct\tSpaceAfter=No
12-13\tVattene\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No
12\tVatte\tandare\tVERB\tV\tMood=Imp|Number=Sing|Person=2|VerbForm=Fin\t9\tccomp\t9:ccomp\t_
13\tne\tne\tPRON\tPC\tClitic=Yes|PronType=Prs\t12\texpl\t12:expl\tSpaceAfter=No
14\t\"\t\"\tPUNCT\tFB\t_\t12\tpunct\t12:punct\tSpaceAfter=No
15\t.\t.\tPUNCT\tFS\t_\t9\tpunct\t9:punct\t_

# sent_id = s2
# text = I don't know.
1\tI\tI\tPRON\tPRP\tCase=Nom|Number=Sing|Person=1|PronType=Prs\t4\tnsubj\t4:nsubj\t_
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
2\tdo\tdo\tAUX\tVBP\tMood=Ind|Number=Sing|Person=1|Tense=Pres|VerbForm=Fin\t4\taux\t4:aux\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_
4\tknow\tknow\tVERB\tVB\tVerbForm=Inf\t0\troot\t0:root\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_

";

#[test]
fn round_trip_is_exact() {
    let s = conllu::read_str(SAMPLE).unwrap();
    assert_eq!(s.len(), 2);
    assert_eq!(conllu::write_string(&s), SAMPLE);
    let first = &s[0];
    assert_eq!(first.comments.len(), 3);
    assert_eq!(first.word_count(), 15);
    assert_eq!(
        first.text(),
        Some("Nel nome dell'Italia, gli dissero: \"Vattene\".")
    );
    let kinds: Vec<NodeKind> = first.nodes.iter().map(|n| n.kind).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == NodeKind::Multiword).count(),
        3
    );
    assert_eq!(kinds.iter().filter(|k| **k == NodeKind::Empty).count(), 1);
    assert_eq!(first.nodes[0].range(), Some((1, 2)));
    assert!(first.nodes[4].no_space_after());
    let feats: Vec<_> = first.words().nth(1).unwrap().feats_pairs().collect();
    assert_eq!(feats[0], ("Definite", "Def"));
}

fn line_of(e: Error) -> usize {
    match e {
        Error::Conllu { line, .. } => line,
        other => panic!("unexpected error {other}"),
    }
}

#[test]
fn errors_name_line_numbers() {
    let bad_cols = "# c\n1\tA\ta\tX\t_\t_\t0\troot\t_\t_\n2\tB\tb\tX\t_\t_\t1\n\n";
    assert_eq!(line_of(conllu::read_str(bad_cols).unwrap_err()), 3);
    let bad_id = "1\tA\ta\tX\t_\t_\t0\troot\t_\t_\n\n1\tA\ta\tX\t_\t_\t0\troot\t_\t_\nx\tB\tb\tX\t_\t_\t1\tdep\t_\t_\n\n";
    assert_eq!(line_of(conllu::read_str(bad_id).unwrap_err()), 4);
    let bad_seq = "1\tA\ta\tX\t_\t_\t0\troot\t_\t_\n3\tB\tb\tX\t_\t_\t1\tdep\t_\t_\n\n";
    assert_eq!(line_of(conllu::read_str(bad_seq).unwrap_err()), 2);
    let double_blank = "1\tA\ta\tX\t_\t_\t0\troot\t_\t_\n\n\n";
    assert_eq!(line_of(conllu::read_str(double_blank).unwrap_err()), 3);
}

#[test]
fn empty_input_is_no_sentence() {
    assert!(conllu::read_str("").unwrap().is_empty());
}
