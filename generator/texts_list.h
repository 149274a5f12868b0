/* texts_list.h - the defaults of texts.h: TXD_key, the text; TX_LIST, one
 * X(key, placeholder names, section) per text (see texts.h). Grouped by
 * where the text appears; layouts/standard.layout lists them in this
 * order. */
#ifndef KV_TEXTS_LIST_H
#define KV_TEXTS_LIST_H

/* ---- fallbacks of [bericht] settings the layout leaves out ------------- */
#define TXD_titel_standard       "Kennzahlenvergleich"
#define TXD_untertitel_standard  "Monitoring"
#define TXD_ring_standard        "Vergleichsring"
#define TXD_herausgeber_standard "Geschäftsstelle des Vergleichsrings"
#define TXD_schlagworte_standard "Kennzahlenvergleich"
#define TXD_profil_standard      "Stadtprofil"

/* ---- the mails' texts when the layout has no [text mail] or [text mail
 * geschaeftsstelle] (mail.c expands their {placeholders}) ---- */
#define TXD_mail_teilnehmer                                                                        \
    "Guten Tag,\n\n"                                                                               \
    "anbei erhalten Sie den Datenanhang des Kennzahlenvergleichs zum Berichtsjahr {jahr} "         \
    "für {teilnehmer}: die Arbeitsmappe {arbeitsmappe} mit Ihren Kennzahlen, den "                \
    "Vergleichswerten, Ihren Basiszahlen und den Definitionen.\n\n"                                \
    "Beigefügt ist außerdem Ihr Teilnehmerbericht {bericht}: {bericht_inhalt}, zur Weitergabe "  \
    "etwa an Ausschüsse.\n\n"                                                                     \
    "Sie gehören dem Vergleichsring „{ring}“ an; der Vergleich in der Arbeitsmappe zeigt "    \
    "die Teilnehmenden dieses Rings.\n\n"                                                          \
    "Dies ist ein ENTWURF (Stand: {entwurf}). Die Zahlen sind noch nicht abgestimmt und nicht "    \
    "zur Weitergabe bestimmt.\n\n"                                                                 \
    "Die Zahlen entsprechen dem abgestimmten Stand vom {abgestimmt}.\n\n"                          \
    "Der Datenstand ist noch vorläufig: Im Berichtsjahr {jahr} ist bei {vorlaeufige_werte} im "   \
    "Vergleich das Zeichen p (vorläufige Zahl) gesetzt.\n\n"                                      \
    "Noch vorläufig (Zeichen p) sind Ihre Werte {jahr} für:\n{vorlaeufig}\n\n"                   \
    "Bei Fragen wenden Sie sich bitte an: {kontakt}\n\n"                                           \
    "Mit freundlichen Grüßen\n{herausgeber}"
#define TXD_mail_geschaeftsstelle                                                                  \
    "Guten Tag,\n\n"                                                                               \
    "der Lauf vom {stand} für das Berichtsjahr {jahr} hat gegenüber dem Stand vom "              \
    "{stand_vorher} ergeben: {zusammenfassung}.\n\n"                                               \
    "Je Teilnehmer die Zahl der geänderten Basiszahlen und ob sich die Arbeitsmappe "             \
    "geändert hat:\n\n"                                                                           \
    "{teilnehmerliste}\n\n"                                                                        \
    "Alle Änderungen stehen einzeln in der angehängten Datei aenderungen.csv.\n\n"               \
    "Die Arbeitsmappen dieses Laufs sind Entwürfe (Stand: {entwurf})."

/* ---- the mails (mail.c) and the summary of changes (changes.c) ---- */
#define TXD_mail_betreff             "%s%s %d: Datenanhang "
#define TXD_mail_entwurf             "[ENTWURF] "
#define TXD_mail_betreff_aenderungen "%s%s %d: Änderungen gegenüber dem Stand vom %s"
#define TXD_mail_liste_zeile         " (%s): %zu %s geändert, Arbeitsmappe %s"
#define TXD_mail_ein_wert            "einem Wert"
#define TXD_mail_werte               "%s Werten"
#define TXD_mail_bericht_inhalt                                                                    \
    "Ihre Kennzahlen im Vergleich, ihre Entwicklung über die Jahre und Ihr Profil"
#define TXD_mail_bericht_inhalt_ein_jahr  "Ihre Kennzahlen im Vergleich und Ihr Profil"
#define TXD_basiszahl                     "Basiszahl"
#define TXD_basiszahlen                   "Basiszahlen"
#define TXD_arbeitsmappe_geaendert        "geändert"
#define TXD_arbeitsmappe_unveraendert     "unverändert"
#define TXD_keine_aenderungen             "keine Änderungen"
#define TXD_aenderungen_teilnehmende      " von %zu Teilnehmenden geändert, "
#define TXD_kennzahlwert                  "Kennzahlwert"
#define TXD_kennzahlwerte                 "Kennzahlwerte"
#define TXD_gesamtwert                    "Gesamtwert"
#define TXD_gesamtwerte                   "Gesamtwerte"
#define TXD_aenderungen_betroffen         " betroffen"
#define TXD_aenderungen_teilnehmende_kopf "; Teilnehmende: "
#define TXD_aenderungen_zu_weg            "%zu hinzugekommen, %zu weggefallen"
#define TXD_kennzahldefinition            "Kennzahldefinition"
#define TXD_kennzahldefinitionen          "Kennzahldefinitionen"
#define TXD_aenderungen_geaendert         " geändert"

/* ---- the circle report (report.c): headings, cover, preface, annex, page furniture ---- */
#define TXD_fortsetzung               " (Fortsetzung)"
#define TXD_quelle_eigene_berechnung  "Quelle: %s, Basiszahlen der Teilnehmenden; eigene Berechnung"
#define TXD_inhalt_fortsetzung        "Inhalt (Fortsetzung)"
#define TXD_kapitel_inhalt            "Inhalt"
#define TXD_titel_teilnehmende_anhang "%zu Teilnehmende; die vollständige Liste steht im Anhang."
#define TXD_beispieldaten             "Beispieldaten"
#define TXD_beispieldaten_hinweis                                                                  \
    "Alle Zahlen dieses Berichts sind synthetisch erzeugt und beschreiben keine "                  \
    "reale Stadt."
#define TXD_titel_ringbericht                                                                      \
    "Der Vergleichsring „%s“ im Vergleich zu den anderen "                                     \
    "Vergleichsringen"
#define TXD_titel_ringbericht_zwei "Der Vergleichsring „%s“ im Vergleich zum anderen Vergleichsring"
#define TXD_titel_ringbericht_ein  "Der Vergleichsring „%s“ im Vergleich zu allen Teilnehmenden"
#define TXD_berichtsjahr           "Berichtsjahr %d"
#define TXD_titel_teilnehmende     "Teilnehmende (%zu)"
#define TXD_stand                  "Stand: %s"
#define TXD_kapitel_vorbemerkungen "Vorbemerkungen"
#define TXD_vorbemerkungen_umfang                                                                  \
    "Der Bericht umfasst %zu Teilnehmende, %zu Kennzahlen in %zu Leistungsbereichen und "          \
    "die Jahre %d bis %d."
#define TXD_vorbemerkungen_umfang_ein_jahr                                                         \
    "Der Bericht umfasst %zu Teilnehmende, %zu Kennzahlen in %zu Leistungsbereichen und "          \
    "das Jahr %d."
#define TXD_vorbemerkungen_umfang_eine_kennzahl                                                    \
    "Der Bericht umfasst %zu Teilnehmende, eine Kennzahl und die Jahre %d bis %d."
#define TXD_vorbemerkungen_umfang_eine_kennzahl_ein_jahr                                           \
    "Der Bericht umfasst %zu Teilnehmende, eine Kennzahl und das Jahr %d."
#define TXD_vorbemerkungen_umfang_ein_bereich                                                      \
    "Der Bericht umfasst %zu Teilnehmende, %zu Kennzahlen in einem Leistungsbereich und "          \
    "die Jahre %d bis %d."
#define TXD_vorbemerkungen_umfang_ein_bereich_ein_jahr                                             \
    "Der Bericht umfasst %zu Teilnehmende, %zu Kennzahlen in einem Leistungsbereich und "          \
    "das Jahr %d."
#define TXD_vorbemerkungen_auswahl_eine                                                            \
    "Veröffentlicht ist eine ausgewählte der %zu Kennzahlen des Kennzahlensets; alle %zu "       \
    "stehen in den Arbeitsmappen der Teilnehmenden."
#define TXD_vorbemerkungen_auswahl                                                                 \
    "Veröffentlicht sind die %zu ausgewählten der %zu Kennzahlen des "                           \
    "Kennzahlensets; alle %zu stehen in den Arbeitsmappen der Teilnehmenden."
#define TXD_definition_faktor      " Faktor: %s."
#define TXD_definition_text        "Zähler: %s%s Nenner: %s%s%s Einheit: %s.%s%s"
#define TXD_abschnitt_definitionen "Kennzahldefinitionen"
#define TXD_definitionen_weitere                                                                   \
    "Weitere %zu\xC2\xA0Kennzahlen des Kennzahlensets sind nicht Teil dieses "                     \
    "Berichts. Sie stehen mit ihren Definitionen in den Arbeitsmappen der "                        \
    "Teilnehmenden (Blätter „Daten“ und „Definitionen“, Spalte „im Bericht“: nein)."
#define TXD_definitionen_weitere_ein                                                               \
    "Eine weitere Kennzahl des Kennzahlensets ist nicht Teil dieses Berichts. Sie steht mit "      \
    "ihrer Definition in den Arbeitsmappen der Teilnehmenden (Blätter „Daten“ und "           \
    "„Definitionen“, Spalte „im Bericht“: nein)."
#define TXD_abschnitt_zeichen "Zeichenerklärung"
#define TXD_zeichen_balken                                                                         \
    "Fehlende Balken in den Diagrammen beruhen auf fehlender Datenlieferung oder "                 \
    "Nichtzuständigkeit; an ihrer Stelle steht das Zeichen."
#define TXD_abk_ave                 "außerhalb von Einrichtungen"
#define TXD_abk_bg                  "Bedarfsgemeinschaft(en)"
#define TXD_abk_elb                 "erwerbsfähige Leistungsberechtigte"
#define TXD_abk_ew                  "Einwohnerinnen und Einwohner"
#define TXD_abk_gemw                "gewichteter Mittelwert (Gesamtwert des Vergleichsrings)"
#define TXD_abk_ie                  "in Einrichtungen"
#define TXD_abk_kdu                 "Kosten der Unterkunft und Heizung"
#define TXD_abk_lb                  "Leistungsberechtigte"
#define TXD_abk_mw                  "Mittelwert (ungewichtet)"
#define TXD_abk_n                   "Zahl der Teilnehmenden mit gültigem Wert"
#define TXD_abk_pp                  "Prozentpunkte"
#define TXD_abk_rag                 "Regelaltersgrenze"
#define TXD_abk_sgb                 "Sozialgesetzbuch"
#define TXD_abschnitt_abkuerzungen  "Abkürzungen"
#define TXD_teilnehmende            "Teilnehmende"
#define TXD_hinweis_veraenderung    "%s, %d gegenüber %ld um %s\xC2\xA0%% %s (von %s%s auf %s%s)"
#define TXD_hinweis_gestiegen       "gestiegen"
#define TXD_hinweis_gesunken        "gesunken"
#define TXD_hinweis_keine_daten     "für %d keine Daten geliefert"
#define TXD_hinweis_nie_geliefert   "Die Basiszahl „%s“ wurde von keinem Teilnehmenden geliefert"
#define TXD_hinweise_weitere        " Dazu %zu\xC2\xA0weitere Hinweise."
#define TXD_hinweise_weitere_ein    " Dazu ein weiterer Hinweis."
#define TXD_abschnitt_datenhinweise "Datenhinweise"
#define TXD_datenhinweise_keine     "Die Prüfung der Basiszahlen ergab keine Hinweise."
#define TXD_datenhinweise_weitere                                                                  \
    "Weitere Hinweise zu %zu\xC2\xA0Teilnehmenden sind hier nicht aufgeführt; die "               \
    "vollständige Liste gibt es bei: %s."
#define TXD_dokumenttitel_ring    "%s %d \xE2\x80\x93 Vergleichsring „%s“"
#define TXD_kapitel_anhang        "Anhang"
#define TXD_seite_von             "Seite %zu von %zu"
#define TXD_entwurf_stand         "ENTWURF \xE2\x80\x93 Stand: %s"
#define TXD_entwurf_wasserzeichen "ENTWURF"
#define TXD_betreff_metadaten     "%s, Berichtsjahr %d%s"
#define TXD_entwurf_klammer       " (Entwurf)"

#define TXD_hinweis_rundung "Abweichungen in den Summen ergeben sich durch Runden der Zahlen."

/* ---- the key-figure pages and profiles (report_kz.c) ---- */
#define TXD_kopf_kennzahl         "Kennzahl"
#define TXD_kopf_einheit          "Einheit"
#define TXD_kopf_gemw             "GeMW"
#define TXD_kopf_mw               "MW"
#define TXD_kopf_median           "Median"
#define TXD_kopf_minimum          "Minimum"
#define TXD_kopf_maximum          "Maximum"
#define TXD_kopf_n                "n"
#define TXD_kopf_kennzahl_einheit "Kennzahl (Einheit)"
#define TXD_kopf_wert             "Wert"
#define TXD_kopf_gesamtwert       "Gesamtwert"
#define TXD_kopf_index            "Index"
#define TXD_kopf_gesamtwert_ring  "Gesamtwert\nRing"
#define TXD_kopf_index_ring       "Index\n(Ring = 100)"
#define TXD_kopf_gesamtwert_alle  "Gesamtwert\nalle"
#define TXD_kopf_index_alle       "Index\n(alle = 100)"
#define TXD_profil_legende                                                                         \
    "Index: Wert der Kennzahl je Gesamtwert aller Teilnehmenden \xC3\x97 100 (100 = "              \
    "Gesamtwert; darüber ein höherer, darunter ein niedrigerer Wert, keine Wertung). x: kein "   \
    "Index (Gesamtwert nicht positiv oder Wert negativ); ., /, \xE2\x80\x93: Wert fehlt oder "     \
    "ist null (Zeichenerklärung im Anhang)."
#define TXD_diagramm_teil          "%s, Teil %zu von %zu (Teilnehmende %zu bis %zu)"
#define TXD_balken_titel           "%s %d nach %s (Einheit:\xC2\xA0%s)"
#define TXD_nach_vergleichsringen  "Vergleichsringen"
#define TXD_nach_teilnehmenden     "Teilnehmenden"
#define TXD_entwicklung_titel      "Entwicklung %d bis %d (Einheit:\xC2\xA0%s)"
#define TXD_zeile_gesamtwert       "Gesamtwert (GeMW)"
#define TXD_zeile_mittelwert       "Mittelwert (MW)"
#define TXD_zeile_gesamtwert_ring  "Gesamtwert des Rings (GeMW)"
#define TXD_zeile_mittelwert_ring  "Mittelwert des Rings (MW)"
#define TXD_zeile_gesamtwert_alle  "Gesamtwert aller Teilnehmenden"
#define TXD_zeile_mittelwert_alle  "Mittelwert aller Teilnehmenden"
#define TXD_kopf_veraenderung      "Veränderung\n%d zu %d in %s"
#define TXD_werte_von_bis          "Werte %d bis %d%s"
#define TXD_werte_und_veraenderung " und Veränderung gegenüber dem Vorjahr"
#define TXD_werte_jahr             "Werte %d"
#define TXD_namen_weitere          " und %zu\xC2\xA0weitere"
#define TXD_namen_alle             "alle Teilnehmenden"
#define TXD_fussnote_n             "n\xC2\xA0=\xC2\xA0%zu von %zu Teilnehmenden%s mit Wert für %d."
#define TXD_fussnote_des_rings     " des Rings"
#define TXD_fussnote_keine_rate                                                                    \
    " Keine Veränderungsrate (x), weil der Wert %d nicht positiv ist oder das "                   \
    "Vorzeichen wechselt: "
#define TXD_fussnote_reihenbruch                                                                   \
    " Reihenbruch %d (|) bei %zu\xC2\xA0Teilnehmenden: der Vergleich mit %d "                      \
    "entfällt dort; die Entwicklungslinie ist an dieser Stelle unterbrochen."
#define TXD_ueberblick_ringe "Überblick %d: alle Teilnehmenden (fett) und je Vergleichsring"
#define TXD_ueberblick       "Überblick %d"
#define TXD_definition_zaehler_nenner                                                              \
    "Zähler: %s \xC2\xB7 Nenner: %s%s%s \xC2\xB7 Einheit:\xC2\xA0%s"
#define TXD_definition_wert        "Wert: %s%s%s \xC2\xB7 Einheit:\xC2\xA0%s"
#define TXD_definition_faktor_kurz " \xC2\xB7 Faktor:\xC2\xA0"
#define TXD_keine_werte                                                                            \
    "Für %d liegt für „%s“ von keinem der %zu\xC2\xA0Teilnehmenden ein Wert "                \
    "vor; ein Diagramm des Berichtsjahres entfällt."
#define TXD_kennzahl_titel                    "Kennzahl\xC2\xA0%d: %s"
#define TXD_kopf_kennzahl_fortsetzung         "Kennzahl (Fortsetzung)"
#define TXD_kopf_kennzahl_fortsetzung_umbruch "Kennzahl\n(Fortsetzung)"
#define TXD_kopf_kennzahl_einheit_fortsetzung "Kennzahl (Einheit)\n(Fortsetzung)"
#define TXD_profil_titel_ring                                                                      \
    "Werte %d und Index (Gesamtwert des Vergleichsrings „%s“ "                                 \
    "bzw. aller Teilnehmenden\xC2\xA0=\xC2\xA0"                                                    \
    "100)"
#define TXD_profil_titel                                                                           \
    "Werte %d und Index (Gesamtwert\xC2\xA0=\xC2\xA0"                                              \
    "100)"
#define TXD_profil_diagramm_teil                                                                   \
    "Index %d (Gesamtwert\xC2\xA0=\xC2\xA0"                                                        \
    "100), Teil %zu "                                                                              \
    "von %zu"
#define TXD_profil_diagramm                                                                        \
    "Index %d (Gesamtwert\xC2\xA0=\xC2\xA0"                                                        \
    "100)"
#define TXD_profile_anderswo                                                                       \
    "Bei %zu\xC2\xA0Teilnehmenden stehen die %se nicht in diesem "                                 \
    "Bericht, sondern jeweils im Teilnehmerbericht, den jeder Teilnehmende mit "                   \
    "seinem Datenanhang erhält, zusammen mit der Entwicklung der Kennzahlen gegenüber dem "      \
    "Vergleichsring."
#define TXD_kapitel_profile "%se"
#define TXD_profile_einleitung                                                                     \
    "Die Profile zeigen für alle Teilnehmenden jede Kennzahl des "                                \
    "Berichtsjahres als Index: Der Gesamtwert des Vergleichsrings ist 100. "                       \
    "Ein Index über 100 bedeutet einen höheren Wert als im Vergleichsring, "                     \
    "keine bessere oder schlechtere Leistung. Ein Index wird nur gegen einen "                     \
    "positiven Gesamtwert und für einen nicht negativen Wert gebildet; sonst "                    \
    "steht x, bei fehlendem Wert dessen Zeichen."
#define TXD_profile_einleitung_ringe                                                               \
    "Für Teilnehmende eines Vergleichsrings nennt die Tabelle zusätzlich den "                   \
    "Gesamtwert ihres Rings und den Index dagegen (Ring\xC2\xA0=\xC2\xA0"                          \
    "100); die Spalten „alle“ beziehen sich auf alle Teilnehmenden, wie das "                  \
    "Diagramm."

/* ---- the imprint (report_imprint.c) ---- */
#define TXD_datenstand_entwurf              "Entwurf"
#define TXD_datenstand_vorlaeufig           "vorläufig"
#define TXD_datenstand_endgueltig           "endgültig"
#define TXD_impressum_datenstand            "%s (Berichtsjahr %d, Daten %d bis %d)"
#define TXD_impressum_datenstand_ein_jahr   "%s (Berichtsjahr %d, Daten nur dieses Jahres)"
#define TXD_impressum_zitiervorschlag       "%s (%d): %s. %s."
#define TXD_impressum_herausgeber           "Herausgeber"
#define TXD_impressum_ring                  "Vergleichsring"
#define TXD_impressum_kontakt               "Kontakt"
#define TXD_impressum_stand                 "Stand"
#define TXD_impressum_datenstand_zeile      "Datenstand"
#define TXD_impressum_datenquelle           "Datenquelle"
#define TXD_impressum_datenquelle_standard  "Basiszahlen der Teilnehmenden; eigene Berechnung"
#define TXD_impressum_hinweis               "Hinweis"
#define TXD_impressum_lizenz                "Lizenz"
#define TXD_impressum_zitiervorschlag_zeile "Zitiervorschlag"
#define TXD_impressum_erstellt              "Erstellt mit"
#define TXD_abschnitt_impressum             "Impressum"

/* ---- the participant reports (report_part.c) ---- */
#define TXD_teilnehmerbericht "Teilnehmerbericht"
#define TXD_teil_ring                                                                              \
    "Vergleichsring: %s (n\xC2\xA0=\xC2\xA0%zu); "                                                 \
    "verglichen mit dem Ring und mit allen "                                                       \
    "%zu\xC2\xA0Teilnehmenden"
#define TXD_teil_ohne_ring                                                                         \
    "Ohne Vergleichsring: verglichen mit allen "                                                   \
    "%zu\xC2\xA0Teilnehmenden"
#define TXD_teil_stand              "Stand: %s \xC2\xB7 Datenstand: %s"
#define TXD_teil_tabelle            "%s: Kennzahlen %d"
#define TXD_kapitel_auf_einen_blick "Auf einen Blick"
#define TXD_teil_wie_ring                                                                          \
    "%s gehört dem Vergleichsring „%s“ an. Die Tabelle stellt die Werte "                     \
    "des Berichtsjahres %d dem Gesamtwert (GeMW) des Rings und dem aller "                         \
    "%zu\xC2\xA0Teilnehmenden gegenüber; der Index bezieht den Wert auf "                         \
    "den Gesamtwert aller Teilnehmenden (=\xC2\xA0"                                                \
    "100)."
#define TXD_teil_wie_ohne_ring                                                                     \
    "%s gehört keinem Vergleichsring an; verglichen wird deshalb mit "                            \
    "allen %zu\xC2\xA0Teilnehmenden. Die Tabelle stellt die Werte des "                            \
    "Berichtsjahres %d dem Gesamtwert (GeMW) aller Teilnehmenden gegenüber; der Index bezieht "   \
    "den Wert auf diesen Gesamtwert (=\xC2\xA0"                                                    \
    "100)."
#define TXD_teil_fragen                                                                            \
    "Die Kennzahlen werfen Fragen auf, sie beantworten sie nicht: Ein höherer oder "              \
    "niedrigerer Wert ist kein besseres oder schlechteres Ergebnis, und der Bericht "              \
    "bildet keine Rangfolge. Unterschiede haben oft strukturelle Gründe und werden in den "       \
    "Arbeitsgruppen des Kennzahlenvergleichs besprochen."
#define TXD_teil_gemw_ring             "GeMW Ring %s"
#define TXD_teil_entwicklung           "%s: Entwicklung %d bis %d (Einheit:\xC2\xA0%s)"
#define TXD_teil_gemw_alle             "GeMW aller Teilnehmenden"
#define TXD_teil_vergleich_ring_nummer "%s %d im %s (Einheit:\xC2\xA0%s)"
#define TXD_teil_vergleich_ring                                                                    \
    "%s %d im Vergleichsring \xE2\x80\x9E%s"                                                       \
    "\xE2\x80\x9C (Einheit:\xC2\xA0%s)"
#define TXD_teil_vergleich_alle    "%s %d unter allen Teilnehmenden (Einheit:\xC2\xA0%s)"
#define TXD_teil_kein_vergleich    "Für %d liegt im Vergleich kein Wert vor; das Diagramm entfällt."
#define TXD_kapitel_erlaeuterungen "Erläuterungen"
#define TXD_teil_titel             "Teilnehmerbericht %s %d"
#define TXD_teil_kopf              "Teilnehmerbericht %d: %s"
#define TXD_teil_betreff           "%s, %s, Berichtsjahr %d%s"
#define TXD_kopf_veraend           "Veränd.\nVorjahr"
#define TXD_kopf_ring_gemw         "Ring\nGeMW"
#define TXD_kopf_ring_n            "Ring\nn"
#define TXD_kopf_alle_gemw         "Alle\nGeMW"
#define TXD_kopf_alle_n            "Alle\nn"

/* ---- the comparison rings in the reports (report_ring.c) ---- */
#define TXD_ring_ohne_block        "Ohne Vergleichsring%s"
#define TXD_ring_block             "%s%s \xE2\x80\x93 Gesamtwert des Rings %s, n\xC2\xA0=\xC2\xA0%zu"
#define TXD_titel_teil             "%s, Teil %zu von %zu"
#define TXD_ringe_ueberblick_titel "Vergleichsringe im Überblick: %s %d (Einheit:\xC2\xA0%s)"
#define TXD_ring_balken            "%s (n\xC2\xA0=\xC2\xA0%zu)%s"
#define TXD_ring_dieser_bericht    ", dieser Bericht"
#define TXD_ring_alle_balken       "Alle Teilnehmenden (n\xC2\xA0=\xC2\xA0%zu)"
#define TXD_ringe_vorbemerkung     "Die Teilnehmenden bilden %zu\xC2\xA0Vergleichsringe: "
#define TXD_ringe_vorbemerkung_ein "Die Teilnehmenden bilden einen Vergleichsring: "
#define TXD_ringe_ohne_ring        " %zu\xC2\xA0Teilnehmende gehören keinem Vergleichsring an."
#define TXD_ringe_ohne_ring_ein    " Einer der Teilnehmenden gehört keinem Vergleichsring an."
#define TXD_ringe_diagramme                                                                        \
    " Die Diagramme der Kennzahlen zeigen die Teilnehmenden Ring für Ring, jeden "                \
    "Ring mit seinem Gesamtwert; die Übersichten und das Diagramm „Vergleichsringe "            \
    "im Überblick“ stellen die Gesamtwerte der Ringe neben die aller "                          \
    "Teilnehmenden. Die "
#define TXD_ringe_index                                                                            \
    " bilden den Index gegen den eigenen Ring und gegen alle Teilnehmenden. Für "                 \
    "jeden Vergleichsring gibt es zudem einen eigenen Bericht."
#define TXD_ringe_diagramme_ein                                                                    \
    " Die Diagramme der Kennzahlen zeigen die Teilnehmenden des Rings als einen Block mit "        \
    "seinem Gesamtwert; die Übersichten und das Diagramm „Vergleichsringe im Überblick“ "    \
    "stellen seinen Gesamtwert neben den aller Teilnehmenden. Die "
#define TXD_ringe_index_ein                                                                        \
    " bilden den Index gegen den eigenen Ring und gegen alle Teilnehmenden. Für den "             \
    "Vergleichsring gibt es zudem einen eigenen Bericht."
#define TXD_ring_dieser                                                                            \
    "Dieser Bericht zeigt die Teilnehmenden des Vergleichsrings „%s“ "                         \
    "(n\xC2\xA0=\xC2\xA0%zu) im Einzelnen; alle %zu\xC2\xA0Teilnehmenden erscheinen als "          \
    "Gesamtwert"
#define TXD_ring_der_andere  ", ebenso der andere Vergleichsring: "
#define TXD_ring_die_anderen ", ebenso die anderen Vergleichsringe: "
#define TXD_ring_kopf        "Vergleichsring „%s“"
#define TXD_ring_ohne_n      "Ohne Vergleichsring (n\xC2\xA0=\xC2\xA0%zu)"
#define TXD_abschnitt_ringe  "Vergleichsringe"
#define TXD_ringe_anhang                                                                           \
    "Die Gesamtwerte, Mittelwerte und Anzahlen eines Vergleichsrings werden nach "                 \
    "denselben Regeln wie die aller Teilnehmenden gebildet, über die Teilnehmenden des "          \
    "Rings mit Wert; Teilnehmende ohne Vergleichsring zählen nur zu denen aller "                 \
    "Teilnehmenden. Die Ringe und ihre Teilnehmenden:"

/* ---- the compact report's fact boards (report_compact.c) ---- */
#define TXD_kompakt_vorjahr_kein_wert  "Vorjahr: kein Wert"
#define TXD_kompakt_veraenderung_x     "Veränderung: x"
#define TXD_kompakt_gegenueber         "%s gegenüber %d"
#define TXD_kompakt_gesamtwert         "Gesamtwert %d"
#define TXD_kompakt_mw_n               "MW %s \xC2\xB7 n\xC2\xA0=\xC2\xA0%zu"
#define TXD_kompakt_median             "Median %s"
#define TXD_kompakt_spanne             "Spanne %s bis %s"
#define TXD_kompakt_diagramm           "%s %d %s (Einheit:\xC2\xA0%s)"
#define TXD_kompakt_verteilung         "Verteilung der Werte der Teilnehmenden"
#define TXD_kompakt_nach_teilnehmenden "nach Teilnehmenden"
#define TXD_kompakt_entwicklung        "%s: Gesamtwert %d bis %d (Einheit:\xC2\xA0%s)"
#define TXD_kompakt_hinweis_verteilung                                                             \
    "Je Kennzahl links die Verteilung der Werte %d der %zu\xC2\xA0Teilnehmenden: Linie "           \
    "von Minimum bis Maximum, Kasten vom unteren bis zum oberen Quartil, Strich im "               \
    "Kasten: Median%s. Die Werte jedes Teilnehmenden zeigen die Arbeitsmappen (Blatt "             \
    "„Vergleich“); in der Mitte der Gesamtwert im Zeitverlauf, rechts der Gesamtwert "         \
    "des Berichtsjahres."
#define TXD_kompakt_hinweis_ringe                                                                  \
    "; darunter der Gesamtwert (Punkt) und die Spanne jedes "                                      \
    "Vergleichsrings"
#define TXD_kompakt_hinweis_balken                                                                 \
    "Je Kennzahl links die Werte %d der Teilnehmenden in fester Reihenfolge "                      \
    "mit Gesamtwert (GeMW) und Mittelwert (MW), in der Mitte der "                                 \
    "Gesamtwert im Zeitverlauf, rechts der Gesamtwert des Berichtsjahres."

/* ---- Zentrale Ergebnisse (report_summary.c) ---- */
#define TXD_richtung_gleichbleibend "gleichbleibend"
#define TXD_richtung_steigend       "steigend"
#define TXD_richtung_sinkend        "sinkend"
#define TXD_richtung_seit           "%s seit\xC2\xA0%d"
#define TXD_ergebnisse_ring         "des Vergleichsrings „%s“ (n\xC2\xA0=\xC2\xA0%zu)"
#define TXD_ergebnisse_alle         "aller %zu\xC2\xA0Teilnehmenden"
#define TXD_ergebnisse_ein_jahr                                                                    \
    "Die Tabelle zeigt für jede Kennzahl, nach Leistungsbereichen geordnet, den Gesamtwert "      \
    "(GeMW) %s für "                                                                              \
    "%d. Die Daten umfassen nur dieses eine Jahr: Eine Veränderung gegenüber "                   \
    "dem Vorjahr und eine Richtung über mehrere Jahre lassen sich noch nicht "                    \
    "angeben."
#define TXD_ergebnisse_einleitung                                                                  \
    "Die Tabelle zeigt für jede Kennzahl, nach Leistungsbereichen geordnet, den Gesamtwert "      \
    "(GeMW) %s für %d, "                                                                          \
    "seine Veränderung gegenüber %d und die Richtung seiner Entwicklung "                        \
    "von %d bis %d."
#define TXD_ergebnisse_kopf_gesamtwert   "Gesamtwert\n%d"
#define TXD_ergebnisse_kopf_veraenderung "Veränderung\ngegenüber %d"
#define TXD_ergebnisse_kopf_entwicklung  "Entwicklung\n%d bis %d"
#define TXD_ergebnisse_kopf_bereich      "Leistungsbereich und Kennzahl (Einheit)"
#define TXD_kapitel_ergebnisse           "Zentrale Ergebnisse"

/* ---- the changes in a draft (report_changes.c) ---- */
#define TXD_kennzeichen_ohne     "ohne"
#define TXD_aenderung_kennzahl   "Kennzahl: %s (%s)"
#define TXD_aenderung_neu        "Neu im Vergleich: %s (ohne frühere Werte zum Vergleich)."
#define TXD_aenderung_nicht_mehr "Nicht mehr im Vergleich: %s."
#define TXD_aenderung_definition                                                                   \
    "Definition geändert (Zähler, Nenner, Faktor oder Einheit): %s; "                            \
    "ihre Werte ändern sich bei allen Teilnehmenden."
#define TXD_aenderung_entfallen "Kennzahl entfallen: %s."
#define TXD_aenderungen_entwurf                                                                    \
    "Dieser Entwurf ist mit dem Stand vom %s verglichen: %zu\xC2\xA0%s "                           \
    "von %zu\xC2\xA0Teilnehmenden geändert; bei %zu\xC2\xA0Werten von "                           \
    "Kennzahlen dieses Berichts ändert sich dadurch die gedruckte Zahl "                          \
    "oder ihr Zeichen. Alle Änderungen einzeln, auch die Gesamtwerte, "                           \
    "enthält die Datei aenderungen.csv."
#define TXD_aenderungen_keine "Gegenüber dem Stand vom %s hat sich nichts geändert."
#define TXD_aenderungen_titel "Änderungen gegenüber dem Stand vom %s"
#define TXD_aenderungen_weitere                                                                    \
    "Weitere %zu\xC2\xA0Änderungen sind hier nicht aufgeführt; sie "                             \
    "stehen in aenderungen.csv."
#define TXD_aenderungen_weitere_ein                                                                \
    "Eine weitere Änderung ist hier nicht aufgeführt; sie steht in aenderungen.csv."

#define TXD_ergebnisse_hinweis                                                                       \
    "Veränderung: gegenüber dem Vorjahr in Prozent, bei Kennzahlen in % in Prozentpunkten (Pp.); " \
    "x: nicht sinnvoll (Reihenbruch, Vorjahreswert null oder negativ, oder Wert negativ); "          \
    ".: kein Wert. Entwicklung: der Gesamtwert im Berichtsjahr gegen den im ersten Jahr des "        \
    "Zeitraums mit Wert (nach einem Reihenbruch (|) gegen den im Jahr des Bruchs, angegeben als "    \
    "„seit“ diesem Jahr), "                                                                      \
    "steigend oder sinkend bei mehr als 1\xC2\xA0% Unterschied, sonst gleichbleibend; x: kein "      \
    "früherer Wert."
#define TXD_aenderung_kopf_zahl   "Basiszahl / Kennzahl"
#define TXD_kopf_jahr             "Jahr"
#define TXD_aenderung_kopf_bisher "bisher"
#define TXD_aenderung_kopf_neu    "neu"
#define TXD_kopf_kennzeichen      "Kennzeichen"

/* ---- chart legends, axis words and alt texts (chart.c) ---- */
#define TXD_gesamtwert_ring                "Gesamtwert des Rings"
#define TXD_gesamtwert_ring_kurz           "GeMW des Rings"
#define TXD_alt_unteres_quartil            "unteres Quartil"
#define TXD_alt_oberes_quartil             "oberes Quartil"
#define TXD_mittelwert                     "Mittelwert"
#define TXD_alt_balkendiagramm             "Balkendiagramm"
#define TXD_alt_liniendiagramm             "Liniendiagramm"
#define TXD_alt_profildiagramm             "Profildiagramm"
#define TXD_alt_verteilungsdiagramm        "Verteilungsdiagramm"
#define TXD_legende_gesamtwert             "Gesamtwert (GeMW): %s"
#define TXD_legende_mittelwert             "Mittelwert (MW): %s%s"
#define TXD_legende_gesamtwert_kurz        "GeMW: %s"
#define TXD_legende_mittelwert_kurz        "MW: %s%s"
#define TXD_legende_linien_decken          " (Linien liegen übereinander)"
#define TXD_legende_gekennzeichnet         "gekennzeichneter Wert (%s)"
#define TXD_legende_spanne_ringe           "Spanne der Gesamtwerte der Vergleichsringe"
#define TXD_keine_werte_vorhanden          "keine Werte vorhanden"
#define TXD_legende_spanne                 "Spanne Minimum bis Maximum"
#define TXD_legende_reihenbruch            "Reihenbruch (|)"
#define TXD_legende_gesamtwert_zeitverlauf "Gesamtwert (GeMW) im Zeitverlauf"
#define TXD_achse_ringe                    "Ringe"
#define TXD_alt_gesamtwert_ring_block      ", Gesamtwert des Rings "
#define TXD_alt_kein_wert                  "kein Wert"
#define TXD_alt_gesamtwert                 " Gesamtwert "
#define TXD_alt_mittelwert                 " Mittelwert "
#define TXD_alt_spanne                     " Spanne von Minimum bis Maximum:"
#define TXD_alt_bis                        " bis "
#define TXD_alt_gesamtwert_ring            " Gesamtwert des Rings %s:"
#define TXD_alt_teilnehmende_mit_wert      " Teilnehmende mit Wert: %zu"
#define TXD_alt_gesamtwert_liste           "; Gesamtwert "
#define TXD_alt_gesamtwerte_ringe          " Gesamtwerte der Vergleichsringe: "
#define TXD_alt_spanne_klammer             " (Spanne "
#define TXD_alt_reihenbruch                " (Reihenbruch)"
#define TXD_legende_uebrige                "übrige Teilnehmende"
#define TXD_achse_geordnet                                                                         \
    "Teilnehmende mit Wert, aufsteigend nach Wert geordnet (n\xC2\xA0=\xC2\xA0%zu%s)"
#define TXD_achse_ohne_wert "; ohne Wert: %zu"
#define TXD_alt_werte_geordnet                                                                     \
    " Die Werte der Teilnehmenden mit Wert (n = %zu) als Säulen, aufsteigend geordnet"
#define TXD_alt_ohne_wert       " (%zu ohne Wert)"
#define TXD_alt_hervorgehoben   " Hervorgehoben %s: "
#define TXD_alt_eigen_kein_wert " %s hat keinen Wert (%s)."
#define TXD_alt_lage_1          "im unteren Viertel der Werte (unter dem unteren Quartil)"
#define TXD_alt_lage_2          "im zweiten Viertel der Werte (zwischen unterem Quartil und Median)"
#define TXD_alt_lage_3          "im dritten Viertel der Werte (zwischen Median und oberem Quartil)"
#define TXD_alt_lage_4          "im oberen Viertel der Werte (über dem oberen Quartil)"
#define TXD_alt_ueber           ", über dem %s"
#define TXD_alt_unter           ", unter dem %s"
#define TXD_alt_gleich          ", gleich dem %s"

/* ---- the meanings of the symbols (flag.c) ---- */
#define TXD_zeichen_endgueltig "endgültige Zahl"
#define TXD_zeichen_bruch      "grundsätzliche Änderung innerhalb einer Reihe"
#define TXD_zeichen_berichtigt "berichtigte Zahl"
#define TXD_zeichen_vorlaeufig "vorläufige Zahl"
#define TXD_zeichen_geschaetzt "geschätzte Zahl"
#define TXD_zeichen_null       "nichts vorhanden (genau null)"
#define TXD_zeichen_unbekannt  "Zahlenwert unbekannt oder geheim zu halten"
#define TXD_zeichen_unsicher   "keine Angabe, da Zahlenwert nicht sicher genug"
#define TXD_zeichen_gesperrt   "Tabellenfach gesperrt, weil Aussage nicht sinnvoll"

/* ---- the workbooks (xlsx.c, xlsx_base.c, xlsx_chart.c); the sheets' names stay fixed ---- */
#define TXD_mappe_uebersicht                                                                       \
    "alle Kennzahlen des Berichtsjahres mit Gesamtwert, Spanne und Veränderung"
#define TXD_mappe_zeitreihe "Entwicklung jeder Kennzahl über die Jahre, mit Diagrammen"
#define TXD_mappe_vergleich "die Teilnehmenden im Berichtsjahr, je Kennzahl mit Balkendiagramm"
#define TXD_mappe_basiszahlen                                                                      \
    "gelieferte Basiszahlen und die daraus berechneten Kennzahlen als Formeln"
#define TXD_mappe_daten                                                                            \
    "alle Werte in Langform als Excel-Tabelle \xE2\x80\x9EKennzahldaten\xE2\x80\x9C"
#define TXD_mappe_definitionen     "Definition jeder Kennzahl, die Basiszahlen und die Zeichenerklärung"
#define TXD_mappe_kopf_blatt       "Tabellenblatt"
#define TXD_mappe_kopf_inhalt      "Inhalt"
#define TXD_mappe_code             "Code"
#define TXD_mappe_anzahl           "Anzahl"
#define TXD_mappe_veraenderung     "Veränderung zum Vorjahr (in %, bei Quoten in Pp.)"
#define TXD_mappe_lage             "Lage in der Spanne (0 % = Minimum, 100 % = Maximum)"
#define TXD_mappe_im_bericht       "im Bericht"
#define TXD_mittelwert_ring        "Mittelwert des Rings"
#define TXD_mappe_anzahl_ring      "Anzahl im Ring"
#define TXD_mappe_bereich          "Leistungsbereich"
#define TXD_mappe_zaehler          "Zähler"
#define TXD_mappe_nenner           "Nenner"
#define TXD_mappe_faktor           "Faktor"
#define TXD_mappe_nachkommastellen "Nachkommastellen"
#define TXD_mappe_beschreibung     "Beschreibung"
#define TXD_datenanhang            "Datenanhang"
#define TXD_mappe_quelle           "Quelle: %s, %s; Stand: %s"
#define TXD_mappe_kontakt          "; Kontakt: %s"
#define TXD_mappe_datenquelle      "Datenquelle: %s"
#define TXD_mappe_hinweis          "Hinweis: %s"
#define TXD_mappe_beispieldaten    "Beispieldaten: alle Zahlen sind synthetisch erzeugt."
#define TXD_mappe_zeichen_1                                                                        \
    "Zeichenerklärung: | grundsätzliche Änderung innerhalb einer Reihe "                        \
    "(kein Vorjahresvergleich),"
#define TXD_mappe_zeichen_2                                                                        \
    "p vorläufig, r berichtigt, s geschätzt, \xE2\x80\x93 nichts vorhanden, . unbekannt oder "   \
    "geheim, / nicht sicher genug, x nicht sinnvoll."
#define TXD_mappe_zeichen_3                                                                        \
    "Fehlende Werte bleiben leer, das Zeichen steht in der Spalte Kennzeichen."
#define TXD_mappe_titel "Datenanhang %s %d"
#define TXD_mappe_bruch                                                                            \
    "Reihenbruch (|) %s %s: Werte davor sind mit den späteren nicht "                             \
    "vergleichbar."
#define TXD_mappe_in_den_jahren "in den Jahren"
#define TXD_mappe_im_jahr       "im Jahr"
#define TXD_mappe_titel_kurz    "Datenanhang %s"
#define TXD_mappe_berichtsjahr  "Berichtsjahr"
#define TXD_mappe_ring          "Ring"
#define TXD_mappe_hinweis_veraenderung                                                             \
    "Veränderung zum Vorjahr: in Prozent, bei Kennzahlen in % (Quoten, Anteile) in "              \
    "Prozentpunkten (Pp.); leer, wo der Vorjahreswert fehlt oder nicht positiv ist, der "          \
    "Wert negativ ist oder die Reihe bricht (|)."
#define TXD_mappe_hinweis_fragen                                                                   \
    "Kennzahlen werfen Fragen auf, sie bewerten nicht: Die Lage in der Spanne ist keine "          \
    "Rangfolge."
#define TXD_mappe_hinweis_im_bericht                                                               \
    "im Bericht: ja, wenn die Kennzahl im veröffentlichten Bericht steht; die Mappe enthält "    \
    "alle Kennzahlen."
#define TXD_mappe_hinweis_ring                                                                     \
    "Gesamtwert, Mittelwert und Anzahl des Rings: über die Teilnehmenden des eigenen "            \
    "Vergleichsrings mit Wert, nach denselben Regeln wie für alle Teilnehmenden."
#define TXD_mappe_ja              "ja"
#define TXD_mappe_nein            "nein"
#define TXD_abschnitt_basiszahlen "Basiszahlen"

#define TXD_mappe_bezeichnung "Bezeichnung"
#define TXD_mappe_reihe       "Reihe"
#define TXD_mappe_kuerzel     "Kürzel"
#define TXD_mappe_keine_formel                                                                     \
    "Keine Formel: sie wäre %zu Zeichen lang, Excel erlaubt 8.192. Der Wert ist "                 \
    "von kvreport nach der Definition (Blatt Definitionen) berechnet."
#define TXD_mappe_basiszahlen_titel "Basiszahlen und daraus berechnete Kennzahlen (Formeln)"
#define TXD_mappe_kennzahlen_titel  "Kennzahlen, berechnet aus den Basiszahlen oben"
#define TXD_mappe_alt_linien        "Liniendiagramm %s (%s), %d bis %d: %s und Gesamtwert. Werte"
#define TXD_mappe_alt_fehlt         "fehlt"
#define TXD_mappe_alt_luecken                                                                      \
    ". Fehlende Werte sind Lücken, ein Reihenbruch (|) unterbricht die Linie."
#define TXD_mappe_alt_balken                                                                       \
    "Balkendiagramm %s (%s) %d: je Teilnehmenden ein Balken in der Reihenfolge der "               \
    "Tabelle links, der eigene hervorgehoben, zuletzt der Gesamtwert schraffiert; "                \
    "fehlende Werte ohne Balken; Achse ab %s."
#define TXD_mappe_alt_kleinster    "dem kleinsten Wert"
#define TXD_mappe_anonym           "Teilnehmer %d"
#define TXD_mappe_mittelwert_alle  "Mittelwert (alle Teilnehmenden)"
#define TXD_mappe_anzahl_ring_wert "Anzahl im Ring (mit Wert)"
#define TXD_mappe_anzahl_alle      "Anzahl (alle Teilnehmenden)"
#define TXD_mappe_vergleich_ring                                                                   \
    "%s, Berichtsjahr %d: alle Teilnehmenden des eigenen Vergleichsrings"
#define TXD_mappe_vergleich_alle "Alle Teilnehmenden %d"
#define TXD_mappe_vergleich_anonym                                                                 \
    "; die anderen anonym als \xE2\x80\x9ETeilnehmer k\xE2\x80\x9C, je "                           \
    "Kennzahl nach dem Wert geordnet"
#define TXD_mappe_vergleich_eigene "; die eigene Zeile ist fett und farbig hervorgehoben"
#define TXD_mappe_vergleich_gesamtwert                                                             \
    "; Gesamtwert über alle Teilnehmenden des Kennzahlenvergleichs"
#define TXD_mappe_gesamtwert_alle "Gesamtwert (alle Teilnehmenden)"

#define TX_LIST(X)                                                                                 \
    X(titel_standard, NULL, NULL)                                                                  \
    X(untertitel_standard, NULL, NULL)                                                             \
    X(ring_standard, NULL, NULL)                                                                   \
    X(herausgeber_standard, NULL, NULL)                                                            \
    X(schlagworte_standard, NULL, NULL)                                                            \
    X(profil_standard, NULL, NULL)                                                                 \
    X(mail_teilnehmer, NULL, "mail")                                                               \
    X(mail_geschaeftsstelle, NULL, "mail geschaeftsstelle")                                        \
    X(mail_betreff, "entwurf,titel,jahr", NULL)                                                    \
    X(mail_entwurf, NULL, NULL)                                                                    \
    X(mail_betreff_aenderungen, "entwurf,titel,jahr,stand_vorher", NULL)                           \
    X(mail_liste_zeile, "kennung,anzahl,basiszahlen,arbeitsmappe", NULL)                           \
    X(mail_ein_wert, NULL, NULL)                                                                   \
    X(mail_werte, "anzahl", NULL)                                                                  \
    X(mail_bericht_inhalt, NULL, NULL)                                                             \
    X(mail_bericht_inhalt_ein_jahr, NULL, NULL)                                                    \
    X(basiszahl, NULL, NULL)                                                                       \
    X(basiszahlen, NULL, NULL)                                                                     \
    X(arbeitsmappe_geaendert, NULL, NULL)                                                          \
    X(arbeitsmappe_unveraendert, NULL, NULL)                                                       \
    X(keine_aenderungen, NULL, NULL)                                                               \
    X(aenderungen_teilnehmende, "anzahl", NULL)                                                    \
    X(kennzahlwert, NULL, NULL)                                                                    \
    X(kennzahlwerte, NULL, NULL)                                                                   \
    X(gesamtwert, NULL, NULL)                                                                      \
    X(gesamtwerte, NULL, NULL)                                                                     \
    X(aenderungen_betroffen, NULL, NULL)                                                           \
    X(aenderungen_teilnehmende_kopf, NULL, NULL)                                                   \
    X(aenderungen_zu_weg, "hinzu,weg", NULL)                                                       \
    X(kennzahldefinition, NULL, NULL)                                                              \
    X(kennzahldefinitionen, NULL, NULL)                                                            \
    X(aenderungen_geaendert, NULL, NULL)                                                           \
    X(fortsetzung, NULL, NULL)                                                                     \
    X(quelle_eigene_berechnung, "ring", NULL)                                                      \
    X(inhalt_fortsetzung, NULL, NULL)                                                              \
    X(kapitel_inhalt, NULL, NULL)                                                                  \
    X(titel_teilnehmende_anhang, "anzahl", NULL)                                                   \
    X(beispieldaten, NULL, NULL)                                                                   \
    X(beispieldaten_hinweis, NULL, NULL)                                                           \
    X(titel_ringbericht, "ring", NULL)                                                             \
    X(titel_ringbericht_zwei, "ring", NULL)                                                        \
    X(titel_ringbericht_ein, "ring", NULL)                                                         \
    X(berichtsjahr, "jahr", NULL)                                                                  \
    X(titel_teilnehmende, "anzahl", NULL)                                                          \
    X(stand, "datum", NULL)                                                                        \
    X(kapitel_vorbemerkungen, NULL, NULL)                                                          \
    X(vorbemerkungen_umfang, "teilnehmende,kennzahlen,bereiche,von,bis", NULL)                     \
    X(vorbemerkungen_umfang_ein_jahr, "teilnehmende,kennzahlen,bereiche,jahr", NULL)               \
    X(vorbemerkungen_umfang_eine_kennzahl, "teilnehmende,von,bis", NULL)                           \
    X(vorbemerkungen_umfang_eine_kennzahl_ein_jahr, "teilnehmende,jahr", NULL)                     \
    X(vorbemerkungen_umfang_ein_bereich, "teilnehmende,kennzahlen,von,bis", NULL)                  \
    X(vorbemerkungen_umfang_ein_bereich_ein_jahr, "teilnehmende,kennzahlen,jahr", NULL)            \
    X(vorbemerkungen_auswahl_eine, "alle,alle_wiederholt", NULL)                                   \
    X(vorbemerkungen_auswahl, "anzahl,alle,alle_wiederholt", NULL)                                 \
    X(definition_faktor, "faktor", NULL)                                                           \
    X(definition_text, "zaehler,punkt_z,nenner,punkt_n,faktor,einheit,leer,beschreibung", NULL)    \
    X(abschnitt_definitionen, NULL, NULL)                                                          \
    X(definitionen_weitere, "anzahl", NULL)                                                        \
    X(definitionen_weitere_ein, "", NULL)                                                          \
    X(abschnitt_zeichen, NULL, NULL)                                                               \
    X(zeichen_balken, NULL, NULL)                                                                  \
    X(abk_ave, NULL, NULL)                                                                         \
    X(abk_bg, NULL, NULL)                                                                          \
    X(abk_elb, NULL, NULL)                                                                         \
    X(abk_ew, NULL, NULL)                                                                          \
    X(abk_gemw, NULL, NULL)                                                                        \
    X(abk_ie, NULL, NULL)                                                                          \
    X(abk_kdu, NULL, NULL)                                                                         \
    X(abk_lb, NULL, NULL)                                                                          \
    X(abk_mw, NULL, NULL)                                                                          \
    X(abk_n, NULL, NULL)                                                                           \
    X(abk_pp, NULL, NULL)                                                                          \
    X(abk_rag, NULL, NULL)                                                                         \
    X(abk_sgb, NULL, NULL)                                                                         \
    X(abschnitt_abkuerzungen, NULL, NULL)                                                          \
    X(teilnehmende, NULL, NULL)                                                                    \
    X(hinweis_veraenderung, "basiszahl,jahr,vorjahr,prozent,richtung,minus_von,von,minus_auf,auf", \
      NULL)                                                                                        \
    X(hinweis_gestiegen, NULL, NULL)                                                               \
    X(hinweis_gesunken, NULL, NULL)                                                                \
    X(hinweis_keine_daten, "jahr", NULL)                                                           \
    X(hinweis_nie_geliefert, "basiszahl", NULL)                                                    \
    X(hinweise_weitere, "anzahl", NULL)                                                            \
    X(hinweise_weitere_ein, "", NULL)                                                              \
    X(abschnitt_datenhinweise, NULL, NULL)                                                         \
    X(datenhinweise_keine, "", NULL)                                                               \
    X(datenhinweise_weitere, "anzahl,kontakt", NULL)                                               \
    X(dokumenttitel_ring, "titel,jahr,ring", NULL)                                                 \
    X(kapitel_anhang, NULL, NULL)                                                                  \
    X(seite_von, "seite,seiten", NULL)                                                             \
    X(entwurf_stand, "stand", NULL)                                                                \
    X(betreff_metadaten, "titel,jahr,entwurf", NULL)                                               \
    X(entwurf_klammer, NULL, NULL)                                                                 \
    X(hinweis_rundung, NULL, NULL)                                                                 \
    X(kopf_kennzahl, NULL, NULL)                                                                   \
    X(kopf_einheit, NULL, NULL)                                                                    \
    X(kopf_gemw, NULL, NULL)                                                                       \
    X(kopf_mw, NULL, NULL)                                                                         \
    X(kopf_median, NULL, NULL)                                                                     \
    X(kopf_minimum, NULL, NULL)                                                                    \
    X(kopf_maximum, NULL, NULL)                                                                    \
    X(kopf_n, NULL, NULL)                                                                          \
    X(kopf_kennzahl_einheit, NULL, NULL)                                                           \
    X(kopf_wert, NULL, NULL)                                                                       \
    X(kopf_gesamtwert, NULL, NULL)                                                                 \
    X(kopf_index, NULL, NULL)                                                                      \
    X(kopf_gesamtwert_ring, NULL, NULL)                                                            \
    X(kopf_index_ring, NULL, NULL)                                                                 \
    X(kopf_gesamtwert_alle, NULL, NULL)                                                            \
    X(kopf_index_alle, NULL, NULL)                                                                 \
    X(profil_legende, NULL, NULL)                                                                  \
    X(diagramm_teil, "titel,teil,teile,von,bis", NULL)                                             \
    X(balken_titel, "kennzahl,jahr,nach,einheit", NULL)                                            \
    X(nach_vergleichsringen, NULL, NULL)                                                           \
    X(nach_teilnehmenden, NULL, NULL)                                                              \
    X(entwicklung_titel, "von,bis,einheit", NULL)                                                  \
    X(zeile_gesamtwert, NULL, NULL)                                                                \
    X(zeile_mittelwert, NULL, NULL)                                                                \
    X(zeile_gesamtwert_ring, NULL, NULL)                                                           \
    X(zeile_mittelwert_ring, NULL, NULL)                                                           \
    X(zeile_gesamtwert_alle, NULL, NULL)                                                           \
    X(zeile_mittelwert_alle, NULL, NULL)                                                           \
    X(kopf_veraenderung, "jahr,vorjahr,einheit", NULL)                                             \
    X(werte_von_bis, "von,bis,veraenderung", NULL)                                                 \
    X(werte_und_veraenderung, NULL, NULL)                                                          \
    X(werte_jahr, "jahr", NULL)                                                                    \
    X(namen_weitere, "anzahl", NULL)                                                               \
    X(namen_alle, NULL, NULL)                                                                      \
    X(fussnote_n, "n,teilnehmende,des_rings,jahr", NULL)                                           \
    X(fussnote_des_rings, NULL, NULL)                                                              \
    X(fussnote_keine_rate, "vorjahr", NULL)                                                        \
    X(fussnote_reihenbruch, "jahr,anzahl,vorjahr", NULL)                                           \
    X(ueberblick_ringe, "jahr", NULL)                                                              \
    X(ueberblick, "jahr", NULL)                                                                    \
    X(definition_zaehler_nenner, "zaehler,nenner,faktor,faktorwert,einheit", NULL)                 \
    X(definition_wert, "wert,faktor,faktorwert,einheit", NULL)                                     \
    X(definition_faktor_kurz, NULL, NULL)                                                          \
    X(keine_werte, "jahr,kennzahl,teilnehmende", NULL)                                             \
    X(kennzahl_titel, "nummer,kennzahl", NULL)                                                     \
    X(kopf_kennzahl_fortsetzung, NULL, NULL)                                                       \
    X(kopf_kennzahl_fortsetzung_umbruch, NULL, NULL)                                               \
    X(kopf_kennzahl_einheit_fortsetzung, NULL, NULL)                                               \
    X(profil_titel_ring, "jahr,ring", NULL)                                                        \
    X(profil_titel, "jahr", NULL)                                                                  \
    X(profil_diagramm_teil, "jahr,teil,teile", NULL)                                               \
    X(profil_diagramm, "jahr", NULL)                                                               \
    X(profile_anderswo, "anzahl,profil", NULL)                                                     \
    X(kapitel_profile, "profil", NULL)                                                             \
    X(profile_einleitung, NULL, NULL)                                                              \
    X(profile_einleitung_ringe, NULL, NULL)                                                        \
    X(datenstand_entwurf, NULL, NULL)                                                              \
    X(datenstand_vorlaeufig, NULL, NULL)                                                           \
    X(datenstand_endgueltig, NULL, NULL)                                                           \
    X(impressum_datenstand, "stand,jahr,von,bis", NULL)                                            \
    X(impressum_datenstand_ein_jahr, "stand,jahr", NULL)                                           \
    X(impressum_zitiervorschlag, "herausgeber,jahr,titel,ring", NULL)                              \
    X(impressum_herausgeber, NULL, NULL)                                                           \
    X(impressum_ring, NULL, NULL)                                                                  \
    X(impressum_kontakt, NULL, NULL)                                                               \
    X(impressum_stand, NULL, NULL)                                                                 \
    X(impressum_datenstand_zeile, NULL, NULL)                                                      \
    X(impressum_datenquelle, NULL, NULL)                                                           \
    X(impressum_datenquelle_standard, NULL, NULL)                                                  \
    X(impressum_hinweis, NULL, NULL)                                                               \
    X(impressum_lizenz, NULL, NULL)                                                                \
    X(impressum_zitiervorschlag_zeile, NULL, NULL)                                                 \
    X(impressum_erstellt, NULL, NULL)                                                              \
    X(abschnitt_impressum, NULL, NULL)                                                             \
    X(teilnehmerbericht, NULL, NULL)                                                               \
    X(teil_ring, "ring,mitglieder,teilnehmende", NULL)                                             \
    X(teil_ohne_ring, "teilnehmende", NULL)                                                        \
    X(teil_stand, "datum,datenstand", NULL)                                                        \
    X(teil_tabelle, "teilnehmer,jahr", NULL)                                                       \
    X(kapitel_auf_einen_blick, NULL, NULL)                                                         \
    X(teil_wie_ring, "teilnehmer,ring,jahr,teilnehmende", NULL)                                    \
    X(teil_wie_ohne_ring, "teilnehmer,teilnehmende,jahr", NULL)                                    \
    X(teil_fragen, NULL, NULL)                                                                     \
    X(teil_gemw_ring, "ring", NULL)                                                                \
    X(teil_entwicklung, "kennzahl,von,bis,einheit", NULL)                                          \
    X(teil_gemw_alle, NULL, NULL)                                                                  \
    X(teil_vergleich_ring_nummer, "kennzahl,jahr,ring,einheit", NULL)                              \
    X(teil_vergleich_ring, "kennzahl,jahr,ring,einheit", NULL)                                     \
    X(teil_vergleich_alle, "kennzahl,jahr,einheit", NULL)                                          \
    X(teil_kein_vergleich, "jahr", NULL)                                                           \
    X(kapitel_erlaeuterungen, NULL, NULL)                                                          \
    X(teil_titel, "teilnehmer,jahr", NULL)                                                         \
    X(teil_kopf, "jahr,teilnehmer", NULL)                                                          \
    X(teil_betreff, "titel,teilnehmer,jahr,entwurf", NULL)                                         \
    X(kopf_veraend, NULL, NULL)                                                                    \
    X(kopf_ring_gemw, NULL, NULL)                                                                  \
    X(kopf_ring_n, NULL, NULL)                                                                     \
    X(kopf_alle_gemw, NULL, NULL)                                                                  \
    X(kopf_alle_n, NULL, NULL)                                                                     \
    X(ring_ohne_block, "fortsetzung", NULL)                                                        \
    X(ring_block, "ring,fortsetzung,gesamtwert,n", NULL)                                           \
    X(titel_teil, "titel,teil,teile", NULL)                                                        \
    X(ringe_ueberblick_titel, "kennzahl,jahr,einheit", NULL)                                       \
    X(ring_balken, "ring,n,dieser", NULL)                                                          \
    X(ring_dieser_bericht, NULL, NULL)                                                             \
    X(ring_alle_balken, "n", NULL)                                                                 \
    X(ringe_vorbemerkung, "anzahl", NULL)                                                          \
    X(ringe_vorbemerkung_ein, NULL, NULL)                                                          \
    X(ringe_ohne_ring, "anzahl", NULL)                                                             \
    X(ringe_ohne_ring_ein, NULL, NULL)                                                             \
    X(ringe_diagramme, NULL, NULL)                                                                 \
    X(ringe_index, NULL, NULL)                                                                     \
    X(ringe_diagramme_ein, NULL, NULL)                                                             \
    X(ringe_index_ein, NULL, NULL)                                                                 \
    X(ring_dieser, "ring,mitglieder,teilnehmende", NULL)                                           \
    X(ring_der_andere, NULL, NULL)                                                                 \
    X(ring_die_anderen, NULL, NULL)                                                                \
    X(ring_kopf, "ring", NULL)                                                                     \
    X(ring_ohne_n, "n", NULL)                                                                      \
    X(abschnitt_ringe, NULL, NULL)                                                                 \
    X(ringe_anhang, NULL, NULL)                                                                    \
    X(kompakt_vorjahr_kein_wert, "", NULL)                                                         \
    X(kompakt_veraenderung_x, "", NULL)                                                            \
    X(kompakt_gegenueber, "veraenderung,vorjahr", NULL)                                            \
    X(kompakt_gesamtwert, "jahr", NULL)                                                            \
    X(kompakt_mw_n, "mittelwert,n", NULL)                                                          \
    X(kompakt_median, "median", NULL)                                                              \
    X(kompakt_spanne, "minimum,maximum", NULL)                                                     \
    X(kompakt_diagramm, "kennzahl,jahr,was,einheit", NULL)                                         \
    X(kompakt_verteilung, NULL, NULL)                                                              \
    X(kompakt_nach_teilnehmenden, NULL, NULL)                                                      \
    X(kompakt_entwicklung, "kennzahl,von,bis,einheit", NULL)                                       \
    X(kompakt_hinweis_verteilung, "jahr,teilnehmende,ringe", NULL)                                 \
    X(kompakt_hinweis_ringe, NULL, NULL)                                                           \
    X(kompakt_hinweis_balken, "jahr", NULL)                                                        \
    X(richtung_gleichbleibend, NULL, NULL)                                                         \
    X(richtung_steigend, NULL, NULL)                                                               \
    X(richtung_sinkend, NULL, NULL)                                                                \
    X(richtung_seit, "richtung,jahr", NULL)                                                        \
    X(ergebnisse_ring, "ring,teilnehmende", NULL)                                                  \
    X(ergebnisse_alle, "teilnehmende", NULL)                                                       \
    X(ergebnisse_ein_jahr, "wer,jahr", NULL)                                                       \
    X(ergebnisse_einleitung, "wer,jahr,vorjahr,von,bis", NULL)                                     \
    X(ergebnisse_kopf_gesamtwert, "jahr", NULL)                                                    \
    X(ergebnisse_kopf_veraenderung, "vorjahr", NULL)                                               \
    X(ergebnisse_kopf_entwicklung, "von,bis", NULL)                                                \
    X(ergebnisse_kopf_bereich, NULL, NULL)                                                         \
    X(kapitel_ergebnisse, NULL, NULL)                                                              \
    X(kennzeichen_ohne, NULL, NULL)                                                                \
    X(aenderung_kennzahl, "kennzahl,einheit", NULL)                                                \
    X(aenderung_neu, "kennzahl", NULL)                                                             \
    X(aenderung_nicht_mehr, "kennzahl", NULL)                                                      \
    X(aenderung_definition, "kennzahl", NULL)                                                      \
    X(aenderung_entfallen, "kennzahl", NULL)                                                       \
    X(aenderungen_entwurf, "stand,anzahl,basiszahlen,teilnehmende,werte", NULL)                    \
    X(aenderungen_keine, "stand", NULL)                                                            \
    X(aenderungen_titel, "stand", NULL)                                                            \
    X(aenderungen_weitere, "anzahl", NULL)                                                         \
    X(aenderungen_weitere_ein, "", NULL)                                                           \
    X(ergebnisse_hinweis, NULL, NULL)                                                              \
    X(aenderung_kopf_zahl, NULL, NULL)                                                             \
    X(kopf_jahr, NULL, NULL)                                                                       \
    X(aenderung_kopf_bisher, NULL, NULL)                                                           \
    X(aenderung_kopf_neu, NULL, NULL)                                                              \
    X(kopf_kennzeichen, NULL, NULL)                                                                \
    X(gesamtwert_ring, NULL, NULL)                                                                 \
    X(gesamtwert_ring_kurz, NULL, NULL)                                                            \
    X(alt_unteres_quartil, NULL, NULL)                                                             \
    X(alt_oberes_quartil, NULL, NULL)                                                              \
    X(mittelwert, NULL, NULL)                                                                      \
    X(alt_balkendiagramm, NULL, NULL)                                                              \
    X(alt_liniendiagramm, NULL, NULL)                                                              \
    X(alt_profildiagramm, NULL, NULL)                                                              \
    X(alt_verteilungsdiagramm, NULL, NULL)                                                         \
    X(legende_gesamtwert, "wert", NULL)                                                            \
    X(legende_mittelwert, "wert,decken", NULL)                                                     \
    X(legende_gesamtwert_kurz, "wert", NULL)                                                       \
    X(legende_mittelwert_kurz, "wert,decken", NULL)                                                \
    X(legende_linien_decken, NULL, NULL)                                                           \
    X(legende_gekennzeichnet, "zeichen", NULL)                                                     \
    X(legende_spanne_ringe, NULL, NULL)                                                            \
    X(keine_werte_vorhanden, NULL, NULL)                                                           \
    X(legende_spanne, NULL, NULL)                                                                  \
    X(legende_reihenbruch, NULL, NULL)                                                             \
    X(legende_gesamtwert_zeitverlauf, NULL, NULL)                                                  \
    X(achse_ringe, NULL, NULL)                                                                     \
    X(alt_gesamtwert_ring_block, NULL, NULL)                                                       \
    X(alt_kein_wert, NULL, NULL)                                                                   \
    X(alt_gesamtwert, NULL, NULL)                                                                  \
    X(alt_mittelwert, NULL, NULL)                                                                  \
    X(alt_spanne, NULL, NULL)                                                                      \
    X(alt_bis, NULL, NULL)                                                                         \
    X(alt_gesamtwert_ring, "ring", NULL)                                                           \
    X(alt_teilnehmende_mit_wert, "anzahl", NULL)                                                   \
    X(alt_gesamtwert_liste, NULL, NULL)                                                            \
    X(alt_gesamtwerte_ringe, NULL, NULL)                                                           \
    X(alt_spanne_klammer, NULL, NULL)                                                              \
    X(alt_reihenbruch, NULL, NULL)                                                                 \
    X(legende_uebrige, NULL, NULL)                                                                 \
    X(achse_geordnet, "n,ohne", NULL)                                                              \
    X(achse_ohne_wert, "anzahl", NULL)                                                             \
    X(alt_werte_geordnet, "anzahl", NULL)                                                          \
    X(alt_ohne_wert, "anzahl", NULL)                                                               \
    X(alt_hervorgehoben, "teilnehmer", NULL)                                                       \
    X(alt_eigen_kein_wert, "teilnehmer,zeichen", NULL)                                             \
    X(alt_lage_1, NULL, NULL)                                                                      \
    X(alt_lage_2, NULL, NULL)                                                                      \
    X(alt_lage_3, NULL, NULL)                                                                      \
    X(alt_lage_4, NULL, NULL)                                                                      \
    X(alt_ueber, "wert", NULL)                                                                     \
    X(alt_unter, "wert", NULL)                                                                     \
    X(alt_gleich, "wert", NULL)                                                                    \
    X(zeichen_endgueltig, NULL, NULL)                                                              \
    X(zeichen_bruch, NULL, NULL)                                                                   \
    X(zeichen_berichtigt, NULL, NULL)                                                              \
    X(zeichen_vorlaeufig, NULL, NULL)                                                              \
    X(zeichen_geschaetzt, NULL, NULL)                                                              \
    X(zeichen_null, NULL, NULL)                                                                    \
    X(zeichen_unbekannt, NULL, NULL)                                                               \
    X(zeichen_unsicher, NULL, NULL)                                                                \
    X(zeichen_gesperrt, NULL, NULL)                                                                \
    X(mappe_uebersicht, NULL, NULL)                                                                \
    X(mappe_zeitreihe, NULL, NULL)                                                                 \
    X(mappe_vergleich, NULL, NULL)                                                                 \
    X(mappe_basiszahlen, NULL, NULL)                                                               \
    X(mappe_daten, NULL, NULL)                                                                     \
    X(mappe_definitionen, NULL, NULL)                                                              \
    X(mappe_kopf_blatt, NULL, NULL)                                                                \
    X(mappe_kopf_inhalt, NULL, NULL)                                                               \
    X(mappe_code, NULL, NULL)                                                                      \
    X(mappe_anzahl, NULL, NULL)                                                                    \
    X(mappe_veraenderung, NULL, NULL)                                                              \
    X(mappe_lage, NULL, NULL)                                                                      \
    X(mappe_im_bericht, NULL, NULL)                                                                \
    X(mittelwert_ring, NULL, NULL)                                                                 \
    X(mappe_anzahl_ring, NULL, NULL)                                                               \
    X(mappe_bereich, NULL, NULL)                                                                   \
    X(mappe_zaehler, NULL, NULL)                                                                   \
    X(mappe_nenner, NULL, NULL)                                                                    \
    X(mappe_faktor, NULL, NULL)                                                                    \
    X(mappe_nachkommastellen, NULL, NULL)                                                          \
    X(mappe_beschreibung, NULL, NULL)                                                              \
    X(datenanhang, NULL, NULL)                                                                     \
    X(mappe_quelle, "herausgeber,titel,stand", NULL)                                               \
    X(mappe_kontakt, "kontakt", NULL)                                                              \
    X(mappe_datenquelle, "quelle", NULL)                                                           \
    X(mappe_hinweis, "hinweis", NULL)                                                              \
    X(mappe_beispieldaten, NULL, NULL)                                                             \
    X(mappe_zeichen_1, NULL, NULL)                                                                 \
    X(mappe_zeichen_2, NULL, NULL)                                                                 \
    X(mappe_zeichen_3, NULL, NULL)                                                                 \
    X(mappe_titel, "teilnehmer,jahr", NULL)                                                        \
    X(mappe_bruch, "jahre,liste", NULL)                                                            \
    X(mappe_in_den_jahren, NULL, NULL)                                                             \
    X(mappe_im_jahr, NULL, NULL)                                                                   \
    X(mappe_titel_kurz, "teilnehmer", NULL)                                                        \
    X(mappe_berichtsjahr, NULL, NULL)                                                              \
    X(mappe_ring, NULL, NULL)                                                                      \
    X(mappe_hinweis_veraenderung, NULL, NULL)                                                      \
    X(mappe_hinweis_fragen, NULL, NULL)                                                            \
    X(mappe_hinweis_im_bericht, NULL, NULL)                                                        \
    X(mappe_hinweis_ring, NULL, NULL)                                                              \
    X(mappe_ja, NULL, NULL)                                                                        \
    X(mappe_nein, NULL, NULL)                                                                      \
    X(abschnitt_basiszahlen, NULL, NULL)                                                           \
    X(mappe_bezeichnung, NULL, NULL)                                                               \
    X(mappe_reihe, NULL, NULL)                                                                     \
    X(mappe_kuerzel, NULL, NULL)                                                                   \
    X(mappe_keine_formel, "laenge", NULL)                                                          \
    X(mappe_basiszahlen_titel, NULL, NULL)                                                         \
    X(mappe_kennzahlen_titel, NULL, NULL)                                                          \
    X(mappe_alt_linien, "kennzahl,einheit,von,bis,teilnehmer", NULL)                               \
    X(mappe_alt_fehlt, NULL, NULL)                                                                 \
    X(mappe_alt_luecken, NULL, NULL)                                                               \
    X(mappe_alt_balken, "kennzahl,einheit,jahr,achse", NULL)                                       \
    X(mappe_alt_kleinster, NULL, NULL)                                                             \
    X(mappe_anonym, "nummer", NULL)                                                                \
    X(mappe_mittelwert_alle, NULL, NULL)                                                           \
    X(mappe_anzahl_ring_wert, NULL, NULL)                                                          \
    X(mappe_anzahl_alle, NULL, NULL)                                                               \
    X(mappe_vergleich_ring, "ring,jahr", NULL)                                                     \
    X(mappe_vergleich_alle, "jahr", NULL)                                                          \
    X(mappe_vergleich_anonym, NULL, NULL)                                                          \
    X(mappe_vergleich_eigene, NULL, NULL)                                                          \
    X(mappe_vergleich_gesamtwert, NULL, NULL)                                                      \
    X(mappe_gesamtwert_alle, NULL, NULL)                                                           \
    X(entwurf_wasserzeichen, NULL, NULL)

#endif
